import { Field } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { FiltersFrame, SearchFilter } from '../lists/filters-frame';
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
  return (
    <FiltersFrame columnsClass="xl:grid-cols-[minmax(14rem,2fr)_minmax(9rem,1fr)_minmax(10rem,1.5fr)_minmax(9.5rem,1fr)_minmax(9.5rem,1fr)]">
      <SearchFilter
        id="orders-search"
        label="Search orders"
        placeholder="E-mail or order number"
        hint="Press Enter to search"
        value={filters.q}
        onApply={(q) => onChange({ ...filters, q })}
      />
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
    </FiltersFrame>
  );
}

/**
 * The orders table: filters in the address bar, one page of the orders service at a time
 * (never the whole list), Next/Previous over its cursors.
 */
