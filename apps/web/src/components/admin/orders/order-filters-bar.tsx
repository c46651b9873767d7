import { Search } from 'lucide-react';
import { type FormEvent, useState } from 'react';

import { Field, inputClass } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { type OrderFilters } from './order-filters';

export function OrderFiltersBar({
  filters,
  events,
  onChange,
}: {
  filters: OrderFilters;
  events: { id: string; name: string }[];
  onChange: (filters: OrderFilters) => void;
}) {
  const [q, setQ] = useState(filters.q);
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange({ ...filters, q: q.trim() });
  };
  return (
    <div className="mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-2 xl:grid-cols-[minmax(14rem,2fr)_minmax(9rem,1fr)_minmax(10rem,1.5fr)_minmax(9.5rem,1fr)_minmax(9.5rem,1fr)]">
      <form role="search" onSubmit={submitSearch} className="md:col-span-2 xl:col-span-1">
        <label htmlFor="orders-search" className="block text-sm font-medium text-slate-800">
          Search orders
        </label>
        <div className="relative mt-1">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
          />
          <input
            id="orders-search"
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            onBlur={() => q.trim() !== filters.q && onChange({ ...filters, q: q.trim() })}
            placeholder="E-mail or order number"
            aria-describedby="orders-search-hint"
            className={`${inputClass} pl-9`}
          />
        </div>
        <p id="orders-search-hint" className="sr-only">
          Press Enter to search
        </p>
      </form>
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(event) =>
          onChange({ ...filters, status: event.target.value as OrderFilters['status'] })
        }
      >
        <option value="">All statuses</option>
        <option value="pending">Pending</option>
        <option value="confirmed">Confirmed</option>
        <option value="cancelled">Cancelled</option>
      </SelectField>
      <SelectField
        label="Event"
        value={filters.event}
        onChange={(event) => onChange({ ...filters, event: event.target.value })}
      >
        <option value="">All events</option>
        {events.map((event) => (
          <option key={event.id} value={event.id}>
            {event.name}
          </option>
        ))}
      </SelectField>
      <Field
        label="From"
        type="date"
        value={filters.from}
        max={filters.to || undefined}
        onChange={(event) => onChange({ ...filters, from: event.target.value })}
      />
      <Field
        label="To"
        type="date"
        value={filters.to}
        min={filters.from || undefined}
        onChange={(event) => onChange({ ...filters, to: event.target.value })}
      />
    </div>
  );
}

/**
 * The orders table: filters in the address bar, one page of the orders service at a time
 * (never the whole list), Next/Previous over its cursors.
 */
