import { Search } from 'lucide-react';
import { type FormEvent, useState } from 'react';

import { Field, inputClass } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { actionGroups, actionInfo } from './audit-actions';
import type { AuditFilters } from './audit-filters';

export function AuditFiltersBar({
  filters,
  onChange,
}: {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}) {
  const [actor, setActor] = useState(filters.actor);
  const submitActor = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange({ ...filters, actor: actor.trim() });
  };
  return (
    <div className="mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-2 xl:grid-cols-[minmax(14rem,2fr)_minmax(12rem,1.5fr)_minmax(9.5rem,1fr)_minmax(9.5rem,1fr)]">
      <form role="search" onSubmit={submitActor} className="md:col-span-2 xl:col-span-1">
        <label htmlFor="audit-actor" className="block text-sm font-medium text-slate-800">
          Who
        </label>
        <div className="relative mt-1">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
          />
          <input
            id="audit-actor"
            type="search"
            value={actor}
            onChange={(event) => setActor(event.target.value)}
            onBlur={() =>
              actor.trim() !== filters.actor && onChange({ ...filters, actor: actor.trim() })
            }
            placeholder="E-mail or api-token"
            aria-describedby="audit-actor-hint"
            className={`${inputClass} pl-9`}
          />
        </div>
        <p id="audit-actor-hint" className="sr-only">
          The start of the e-mail is enough; press Enter to filter
        </p>
      </form>
      <SelectField
        label="Action"
        value={filters.action}
        onChange={(event) =>
          onChange({ ...filters, action: event.target.value as AuditFilters['action'] })
        }
      >
        <option value="">All actions</option>
        {actionGroups.map(({ group, actions }) => (
          <optgroup key={group} label={group}>
            {actions.map((action) => (
              <option key={action} value={action}>
                {actionInfo[action].label}
              </option>
            ))}
          </optgroup>
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
