import { Field } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { FiltersFrame, SearchFilter } from '../lists/filters-frame';
import { actionGroups, actionInfo } from './audit-actions';
import type { AuditFilters } from './audit-filters';

export function AuditFiltersBar({
  filters,
  onChange,
}: {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}) {
  return (
    <FiltersFrame columnsClass="xl:grid-cols-[minmax(14rem,2fr)_minmax(12rem,1.5fr)_minmax(9.5rem,1fr)_minmax(9.5rem,1fr)]">
      <SearchFilter
        id="audit-actor"
        label="Who"
        placeholder="E-mail or api-token"
        hint="The start of the e-mail is enough; press Enter to filter"
        value={filters.actor}
        onApply={(actor) => onChange({ ...filters, actor })}
      />
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
    </FiltersFrame>
  );
}
