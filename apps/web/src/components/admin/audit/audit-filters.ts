import type { AuditAction } from '../../../server/routers/admin-audit-schemas';
import { isAuditAction } from './audit-actions';

/** The audit list's filters as they travel in the address bar (shareable, Back works). */
export interface AuditFilters {
  action: '' | AuditAction;
  /** A prefix of the actor: an e-mail, or `api-token`. */
  actor: string;
  /** `YYYY-MM-DD`, a day in the admin's time zone, inclusive. */
  from: string;
  to: string;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

type Params = { get(name: string): string | null };

export function auditFiltersFrom(params: Params): AuditFilters {
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    action: isAuditAction(action) ? action : '',
    actor: (params.get('actor') ?? '').trim(),
    from: day.test(from) ? from : '',
    to: day.test(to) ? to : '',
  };
}

export function auditFiltersToSearch(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Start of a local day as an ISO instant. */
const dayStart = (value: string) => new Date(`${value}T00:00:00`).toISOString();

const nextDayStart = (value: string) => {
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
};

/** The procedure's input: days become instants ("To" includes its whole day). */
export function auditListInput(filters: AuditFilters) {
  return {
    action: filters.action || undefined,
    actor: filters.actor || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? nextDayStart(filters.to) : undefined,
  };
}
