'use client';

import { useQuery } from '@tanstack/react-query';
import { CalendarPlus, CheckCircle2, Clock, XCircle } from 'lucide-react';
import Link from 'next/link';

import { formatDateTime, formatPrice } from '../../app/format';
import { clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { BUSY_TITLE, isBusy } from '../checkout/purchase-errors';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { Card } from '../ui/card';
import { endedOrderText, eventNamesOf } from './order-status';
import { PrintButton } from './print-button';
import { TicketCard } from './ticket-card';
import type { OrderSummary } from './types';

/** How often a pending order is asked again: the confirmation usually lands within a second. */
const PENDING_POLL_MS = 2_000;

/**
 * The order page. While the order is pending it asks again by itself; once confirmed it shows one
 * QR ticket per seat, printable, with a calendar file. A cancelled or refunded order says so.
 */
export function OrderView({
  orderId,
  initialOrder,
  initialQr,
}: {
  orderId: string;
  initialOrder: OrderSummary | null;
  initialQr: Record<string, string>;
}) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.orders.summary.queryOptions(
      { id: orderId },
      {
        initialData: initialOrder ?? undefined,
        refetchInterval: (current) =>
          current.state.data?.status === 'pending' || !current.state.data ? PENDING_POLL_MS : false,
      },
    ),
  );

  const order = query.data;
  if (!order) {
    const error = query.error ? clientErrorOf(query.error) : null;
    return (
      <div className="mx-auto max-w-2xl">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Your order</h1>
        {error ? (
          <Alert
            tone="error"
            className="mt-6"
            title={isBusy(error) ? BUSY_TITLE : 'We could not load this order'}
            action={
              <Button
                variant="secondary"
                size="sm"
                onClick={() => void query.refetch()}
                pending={query.isFetching}
              >
                Try again
              </Button>
            }
          >
            Your order is safe; we just could not show it right now.
          </Alert>
        ) : (
          <p role="status" className="mt-6 text-slate-700">
            Loading your order…
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <OrderHeader order={order} />
      <OrderFacts order={order} />
      {order.status === 'confirmed' && (
        <section aria-labelledby="tickets-heading" className="space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="tickets-heading" className="text-xl font-bold text-slate-900">
                Your tickets
              </h2>
              <p className="text-sm text-slate-700">
                Show the QR code at the entrance, on your phone or printed.
              </p>
            </div>
            <div className="no-print flex flex-wrap gap-2">
              <PrintButton />
              <a
                href={`/orders/${order.order_id}/calendar`}
                download
                className={buttonClass('secondary')}
              >
                <CalendarPlus aria-hidden="true" className="size-4" />
                Add to calendar
              </a>
            </div>
          </div>
          <ul className="grid gap-4 print:block print:space-y-4">
            {order.tickets.map((ticket) => (
              <TicketCard key={ticket.code} ticket={ticket} initialQr={initialQr[ticket.code]} />
            ))}
          </ul>
        </section>
      )}
      <p className="no-print text-sm text-slate-600">
        Keep this page’s address, or find the order again any time with{' '}
        <Link href="/orders" className="underline">
          Find my order
        </Link>
        .
      </p>
    </div>
  );
}

function OrderHeader({ order }: { order: OrderSummary }) {
  const eventName = eventNamesOf(order);
  if (order.status === 'confirmed') {
    return (
      <header className="flex items-start gap-4">
        <CheckCircle2 aria-hidden="true" className="mt-1 size-8 shrink-0 text-emerald-600" />
        <div>
          <h1 className="text-3xl font-bold tracking-tight text-balance text-slate-900">
            You&apos;re going to {eventName}!
          </h1>
          <p className="mt-2 text-slate-700">
            Payment received. Your tickets are below and on their way to{' '}
            <span className="font-medium text-slate-900">{order.customer_email}</span>.
          </p>
        </div>
      </header>
    );
  }
  if (order.status === 'pending') {
    return (
      <header className="flex items-start gap-4">
        <Clock aria-hidden="true" className="mt-1 size-8 shrink-0 text-brand-600" />
        <div>
          <h1 className="text-3xl font-bold tracking-tight text-balance text-slate-900">
            Your order for {eventName}
          </h1>
          <p role="status" className="mt-2 flex items-center gap-2 text-slate-700">
            <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-brand-600" />
            Waiting for payment confirmation…
          </p>
          <p className="mt-1 text-sm text-slate-600">
            This page updates by itself. Not paid yet?{' '}
            <Link href={`/checkout/${order.hold_id}`} className="font-medium underline">
              Go to payment
            </Link>
          </p>
        </div>
      </header>
    );
  }
  const { title, text } = endedOrderText(order);
  const eventId = order.lines[0]?.event_id;
  return (
    <header className="flex items-start gap-4">
      <XCircle aria-hidden="true" className="mt-1 size-8 shrink-0 text-red-700" />
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
        <p className="mt-2 text-slate-700">{text}</p>
        {eventId && (
          <p className="no-print mt-4">
            <Link href={`/events/${eventId}`} className={buttonClass('primary')}>
              Back to the event
            </Link>
          </p>
        )}
      </div>
    </header>
  );
}

const statusBadge = {
  confirmed: <Badge tone="success">Confirmed</Badge>,
  pending: <Badge tone="info">Awaiting payment</Badge>,
  cancelled: <Badge tone="danger">Cancelled</Badge>,
} as const;

function OrderFacts({ order }: { order: OrderSummary }) {
  const refunded = order.cancel_reason === 'refunded_by_admin';
  return (
    <Card className="p-5 sm:p-6">
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <div className="sm:col-span-2">
          <dt className="text-slate-600">Order number</dt>
          <dd className="mt-0.5 font-mono font-semibold break-all text-slate-900">
            {order.order_id}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Status</dt>
          <dd className="mt-1">
            {refunded ? <Badge tone="neutral">Refunded</Badge> : statusBadge[order.status]}
          </dd>
        </div>
        {order.customer_name && (
          <div>
            <dt className="text-slate-600">Name</dt>
            <dd className="mt-0.5 font-medium text-slate-900">{order.customer_name}</dd>
          </div>
        )}
        <div className="sm:col-span-2">
          <dt className="text-slate-600">E-mail</dt>
          <dd className="mt-0.5 font-medium break-all text-slate-900">{order.customer_email}</dd>
        </div>
      </dl>
      <h2 className="mt-6 border-t border-slate-200 pt-5 text-base font-semibold text-slate-900">
        Items
      </h2>
      <ul className="mt-3 divide-y divide-slate-200">
        {order.lines.map((line) => (
          <li
            key={`${line.session_id}/${line.ticket_type_id}`}
            className="flex flex-wrap justify-between gap-x-4 gap-y-1 py-3"
          >
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {line.quantity} × {line.ticket_type_name}
              </p>
              <p className="text-sm text-slate-700">
                {line.event_name}
                {line.starts_at && (
                  <>
                    {' · '}
                    <time dateTime={line.starts_at} suppressHydrationWarning>
                      {formatDateTime(line.starts_at)}
                    </time>
                  </>
                )}
              </p>
            </div>
            <p className="text-sm text-slate-700">{formatPrice(line.unit_price)} each</p>
          </li>
        ))}
      </ul>
      <div className="flex items-baseline justify-between border-t border-slate-200 pt-4">
        <span className="font-semibold text-slate-900">Total{refunded ? ' (refunded)' : ''}</span>
        <span className="text-xl font-bold text-slate-900">{formatPrice(order.total)}</span>
      </div>
    </Card>
  );
}
