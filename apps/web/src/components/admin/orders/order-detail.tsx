import type { inferRouterOutputs } from '@trpc/server';
import { CheckCircle2, Circle, CircleDashed, XCircle } from 'lucide-react';

import { formatPrice } from '../../../app/format';
import type { AppRouter } from '../../../server/router';
import { Badge } from '../../ui/badge';
import { Table, TableContainer, Td, Th } from '../../ui/table';
import { Panel } from '../page-header';
import { cancelReasonText } from './order-status-badge';

export type AdminOrder = inferRouterOutputs<AppRouter>['admin']['orders']['get'];

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});
export const formatInstant = (iso: string) => dateTime.format(new Date(iso));

/** Line total as a decimal string: cents in integers, never a float sum. */
function lineTotal(unitPrice: string, quantity: number): string {
  const [euros = '0', cents = ''] = unitPrice.split('.');
  const total =
    (BigInt(euros) * 100n + BigInt(cents.padEnd(2, '0').slice(0, 2) || '0')) * BigInt(quantity);
  return `${total / 100n}.${String(total % 100n).padStart(2, '0')}`;
}

export function OrderItems({ order }: { order: AdminOrder }) {
  return (
    <Panel title="Items">
      <TableContainer label="Items of the order">
        <Table>
          <thead>
            <tr>
              <Th>Event</Th>
              <Th>Ticket type</Th>
              <Th className="text-right">Qty</Th>
              <Th className="text-right">Unit price</Th>
              <Th className="text-right">Amount</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {order.items.map((item) => (
              <tr key={`${item.session_id}:${item.ticket_type_id}`}>
                <Td wrap>{item.event_name ?? 'Removed event'}</Td>
                <Td>{item.ticket_type_name ?? item.ticket_type_id.slice(0, 8)}</Td>
                <Td className="text-right tabular-nums">{item.quantity}</Td>
                <Td className="text-right tabular-nums">{formatPrice(item.unit_price)}</Td>
                <Td className="text-right tabular-nums">
                  {formatPrice(lineTotal(item.unit_price, item.quantity))}
                </Td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200">
              <Td colSpan={4} className="text-right font-semibold">
                Total
              </Td>
              <Td className="text-right font-semibold tabular-nums">{formatPrice(order.total)}</Td>
            </tr>
          </tfoot>
        </Table>
      </TableContainer>
    </Panel>
  );
}

const paymentTone = { succeeded: 'success', failed: 'danger', refunded: 'info' } as const;

export function OrderPayment({ payment }: { payment: AdminOrder['payment'] }) {
  return (
    <Panel title="Payment">
      {payment ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-600">Status</dt>
          <dd>
            <Badge tone={paymentTone[payment.status]}>
              {payment.status.charAt(0).toUpperCase() + payment.status.slice(1)}
            </Badge>
          </dd>
          <dt className="text-slate-600">Amount</dt>
          <dd className="font-medium tabular-nums">{formatPrice(payment.amount)}</dd>
          <dt className="text-slate-600">Provider</dt>
          <dd>{payment.provider}</dd>
          <dt className="text-slate-600">Reference</dt>
          <dd className="font-mono text-xs break-all">{payment.provider_reference ?? '—'}</dd>
          {payment.failure_reason && (
            <>
              <dt className="text-slate-600">Failure</dt>
              <dd>{payment.failure_reason}</dd>
            </>
          )}
          <dt className="text-slate-600">Updated</dt>
          <dd>{formatInstant(payment.updated_at)}</dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">No payment yet: the buyer has not paid.</p>
      )}
    </Panel>
  );
}

const statusIcon = {
  pending: CircleDashed,
  confirmed: CheckCircle2,
  cancelled: XCircle,
} as const;

export function OrderHistory({ history }: { history: AdminOrder['history'] }) {
  return (
    <Panel title="Status history">
      <ol className="space-y-4">
        {history.map((entry, index) => {
          const Icon = statusIcon[entry.status] ?? Circle;
          const reason = cancelReasonText(entry.reason);
          return (
            <li key={`${entry.status}:${entry.at}:${index}`} className="flex gap-3">
              <Icon
                aria-hidden="true"
                className={`mt-0.5 size-5 shrink-0 ${entry.status === 'confirmed' ? 'text-emerald-700' : entry.status === 'cancelled' ? 'text-red-700' : 'text-amber-700'}`}
              />
              <div className="min-w-0 text-sm">
                <p className="font-medium text-slate-900">
                  {entry.status.charAt(0).toUpperCase() + entry.status.slice(1)}
                  {reason && <span className="font-normal text-slate-700"> — {reason}</span>}
                </p>
                <p className="text-slate-600">
                  <time dateTime={entry.at}>{formatInstant(entry.at)}</time>
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    </Panel>
  );
}

export function OrderEvents({ events }: { events: AdminOrder['events'] }) {
  return (
    <Panel
      title="Events produced"
      description="What this order told the other services, through the orders outbox."
    >
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No events yet.</p>
      ) : (
        <TableContainer label="Events produced by the order">
          <Table>
            <thead>
              <tr>
                <Th>Event</Th>
                <Th>Occurred</Th>
                <Th>Published</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((event) => (
                <tr key={`${event.event_type}:${event.occurred_at}`}>
                  <Td className="font-mono text-xs">{event.event_type}</Td>
                  <Td>{formatInstant(event.occurred_at)}</Td>
                  <Td>
                    {event.published_at ? (
                      formatInstant(event.published_at)
                    ) : (
                      <Badge tone="warning">Waiting in the outbox</Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableContainer>
      )}
    </Panel>
  );
}
