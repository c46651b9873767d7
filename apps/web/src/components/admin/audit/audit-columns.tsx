import { type ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';

import type { AuditPage } from '../../../server/routers/admin-audit-schemas';
import { Badge, type BadgeTone } from '../../ui/badge';
import { actionLabel } from './audit-actions';

export type AuditRow = AuditPage['results'][number];

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function toneOf(action: string): BadgeTone {
  if (action === 'admin.sign_in_failed') return 'danger';
  if (action === 'admin.sign_in') return 'success';
  if (/\.(delete|refund|cancel|discard)$/.test(action)) return 'warning';
  return 'info';
}

const targetNames: Record<string, string> = {
  event: 'Event',
  session: 'Session',
  ticket_type: 'Ticket type',
  order: 'Order',
  dead_letter: 'Dead letter',
  admin_user: 'Admin',
};

/** Where a target can be looked at in the admin, if anywhere. */
function targetHref(type: string | null, id: string | null): string | null {
  if (!id) return null;
  if (type === 'order') return `/admin/orders/${id}`;
  if (type === 'event') return `/admin/catalog/${id}`;
  return null;
}

function Target({ row }: { row: AuditRow }) {
  if (!row.target_type) return <span className="text-slate-500">—</span>;
  const name = targetNames[row.target_type] ?? row.target_type;
  const id = row.target_id ?? '';
  const href = targetHref(row.target_type, row.target_id);
  const shortId = id.length > 12 ? id.slice(0, 8) : id;
  return (
    <span className="inline-flex items-baseline gap-1.5">
      <span className="text-slate-600">{name}</span>
      {href ? (
        <Link href={href} className="font-mono text-sm" aria-label={`${name} ${id}`}>
          {shortId}
        </Link>
      ) : (
        <span className="font-mono text-sm" title={id}>
          {shortId}
        </span>
      )}
    </span>
  );
}

const valueText = (value: unknown) =>
  typeof value === 'string' ? value : value === null ? '—' : JSON.stringify(value);

/** What changed, as `field: value` pairs (a sign-in has none). */
function Change({ change }: { change: Record<string, unknown> }) {
  const fields = Object.entries(change);
  if (fields.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="flex max-w-[22rem] flex-wrap gap-x-3 gap-y-0.5 text-xs">
      {fields.map(([key, value]) => (
        <div key={key} className="flex min-w-0 gap-1">
          <dt className="text-slate-500">{key.replaceAll('_', ' ')}</dt>
          <dd className="min-w-0 truncate font-medium text-slate-800" title={valueText(value)}>
            {valueText(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export const auditColumns: ColumnDef<AuditRow>[] = [
  {
    id: 'at',
    header: 'When',
    cell: ({ row }) => (
      <time dateTime={row.original.at}>{dateTime.format(new Date(row.original.at))}</time>
    ),
  },
  {
    id: 'actor',
    header: 'Who',
    cell: ({ row }) => (
      <div className="max-w-[16rem]">
        <div className="truncate font-medium text-slate-900" title={row.original.actor}>
          {row.original.actor}
        </div>
        <div className="truncate text-xs text-slate-600">
          from <span className="font-mono">{row.original.client_address}</span>
        </div>
      </div>
    ),
  },
  {
    id: 'action',
    header: 'Action',
    cell: ({ row }) => (
      <Badge tone={toneOf(row.original.action)}>{actionLabel(row.original.action)}</Badge>
    ),
  },
  { id: 'target', header: 'Target', cell: ({ row }) => <Target row={row.original} /> },
  { id: 'change', header: 'Change', cell: ({ row }) => <Change change={row.original.change} /> },
];
