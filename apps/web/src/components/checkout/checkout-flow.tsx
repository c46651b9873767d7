'use client';

import { useQuery } from '@tanstack/react-query';
import { CheckCircle2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';

import type { ClientError } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { Card } from '../ui/card';
import { classNames } from '../ui/class-names';
import { CheckoutSteps } from './checkout-steps';
import { Countdown } from './countdown';
import { type CheckedOut, DetailsForm } from './details-form';
import { PaymentForm } from './payment-form';
import { ReleaseSeatsButton } from './release-seats-button';
import { type ReleaseReason, SeatsReleased } from './seats-released';
import type { HoldSummary, OrderView } from './types';
import { useDeadlinePassed } from './use-clock';

/** Focuses a step's heading when it appears after the buyer acted, so the keyboard follows. */
const focusOnMount = (element: HTMLElement | null) => element?.focus();

/**
 * The checkout of one hold. Everything it shows is derived from the API (the hold summary and, once
 * checked out, its order), so a reload lands on the same step: details for an active hold, payment
 * for a pending order, the order page for a paid one, "released" once the time ran out.
 */
export function CheckoutFlow({
  initialSummary,
  initialOrder,
  summaryCard,
}: {
  initialSummary: HoldSummary;
  initialOrder: OrderView | null;
  summaryCard: ReactNode;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const holdId = initialSummary.hold_id;
  const [checkedOut, setCheckedOut] = useState<CheckedOut | null>(null);
  const [gone, setGone] = useState<ReleaseReason | null>(null);
  const [paid, setPaid] = useState(false);
  const [acted, setActed] = useState(false);
  const initiallyLive =
    ['pending', 'active', 'converted'].includes(initialSummary.status) &&
    Date.parse(initialSummary.expires_at) > Date.parse(initialSummary.now);

  const summaryQuery = useQuery(
    trpc.holds.summary.queryOptions(
      { id: holdId },
      {
        initialData: initialSummary,
        // Stale at once: the first client fetch measures the clock skew against the server.
        initialDataUpdatedAt: 0,
        refetchInterval: 15_000,
      },
    ),
  );
  const summary = summaryQuery.data;
  const skewMs =
    summaryQuery.dataUpdatedAt > 0 ? Date.parse(summary.now) - summaryQuery.dataUpdatedAt : 0;

  const orderId = checkedOut?.order_id ?? summary.order_id;
  const orderQuery = useQuery(
    trpc.orders.get.queryOptions(
      { id: orderId ?? '' },
      {
        enabled: orderId !== null,
        initialData: initialOrder && initialOrder.order_id === orderId ? initialOrder : undefined,
        refetchInterval: 15_000,
      },
    ),
  );
  const order = orderId ? orderQuery.data : undefined;
  const timeUp = useDeadlinePassed(summary.expires_at, skewMs);

  const confirmed = paid || order?.status === 'confirmed';
  useEffect(() => {
    if (confirmed && orderId) router.replace(`/orders/${orderId}`);
  }, [confirmed, orderId, router]);

  const released = confirmed ? null : releaseReason({ gone, summary, order, timeUp, orderId });
  const step = orderId ? 2 : 1;
  const total = checkedOut?.total ?? order?.total ?? summary.total;

  const onHoldGone = (error: ClientError) => {
    setActed(true);
    setGone(
      error.code === 'hold_not_active' && error.details.status === 'released'
        ? 'released'
        : 'time_up',
    );
    void summaryQuery.refetch();
  };

  const live = !released && !confirmed;
  let main: ReactNode;
  if (confirmed) {
    main = (
      <div role="status" className="flex items-center gap-3 p-6 text-emerald-900">
        <CheckCircle2 aria-hidden="true" className="size-6 text-emerald-700" />
        Payment received. Opening your tickets…
      </div>
    );
  } else if (released) {
    // Moved to when it happens while the page is open (time ran out, a step failed), not on load.
    main = (
      <div
        ref={acted || initiallyLive ? focusOnMount : undefined}
        tabIndex={-1}
        className="outline-none"
      >
        <SeatsReleased reason={released} eventId={summary.event.id} />
      </div>
    );
  } else if (step === 1) {
    main = (
      <StepCard title="Your details" id="details-heading">
        <DetailsForm
          holdId={holdId}
          defaultEmail={summary.customer_email}
          defaultName=""
          onCheckedOut={(result) => {
            setActed(true);
            setCheckedOut(result);
          }}
          onHoldGone={onHoldGone}
          onCheckedOutElsewhere={async () => {
            const { data } = await summaryQuery.refetch();
            return Boolean(data?.order_id);
          }}
        />
      </StepCard>
    );
  } else {
    main = (
      <StepCard title="Payment" id="payment-heading" focus={acted}>
        <PaymentForm
          orderId={orderId ?? ''}
          total={total}
          onPaid={() => setPaid(true)}
          onTimeUp={() => {
            setActed(true);
            setGone('payment_deadline');
          }}
          onOrderChanged={() => void orderQuery.refetch()}
        />
      </StepCard>
    );
  }

  // One column on a phone: the timer and what is held, the step, then "Release seats" last.
  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_1fr] lg:gap-x-8">
      <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        {live && <CheckoutSteps current={step} />}
        {main}
      </div>
      <aside
        aria-label="Your order"
        className={classNames(
          'space-y-4 lg:col-start-2 lg:row-start-1',
          live && 'order-first lg:order-none',
        )}
      >
        {live && <Countdown expiresAt={summary.expires_at} skewMs={skewMs} />}
        {summaryCard}
      </aside>
      {live && (
        <div className="lg:col-start-2 lg:row-start-2">
          <ReleaseSeatsButton
            holdId={holdId}
            eventId={summary.event.id}
            quantity={summary.quantity}
            orderId={orderId}
            onNotActive={() => {
              void summaryQuery.refetch();
              if (orderId) void orderQuery.refetch();
            }}
          />
          <p className="mt-2 text-center text-xs text-slate-600">
            Changed your mind? The seats go back on sale at once.
          </p>
        </div>
      )}
    </div>
  );
}

function StepCard({
  title,
  id,
  focus = false,
  children,
}: {
  title: string;
  id: string;
  focus?: boolean;
  children: ReactNode;
}) {
  return (
    <Card className="p-5 sm:p-6">
      <h2
        id={id}
        ref={focus ? focusOnMount : undefined}
        tabIndex={-1}
        className="mb-5 text-lg font-bold text-slate-900 outline-none"
      >
        {title}
      </h2>
      {children}
    </Card>
  );
}

function releaseReason({
  gone,
  summary,
  order,
  timeUp,
  orderId,
}: {
  gone: ReleaseReason | null;
  summary: HoldSummary;
  order: OrderView | undefined;
  timeUp: boolean;
  orderId: string | null;
}): ReleaseReason | null {
  if (gone) return gone;
  if (summary.status === 'released') return 'released';
  if (summary.status === 'expired' || summary.status === 'rejected') return 'time_up';
  if (order?.status === 'cancelled') {
    if (order.cancel_reason === 'payment_timeout') return 'payment_deadline';
    return order.cancel_reason === 'customer' ? 'released' : 'cancelled';
  }
  if (timeUp) return orderId ? 'payment_deadline' : 'time_up';
  return null;
}
