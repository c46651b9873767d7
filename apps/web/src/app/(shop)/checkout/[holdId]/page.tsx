import { TRPCError } from '@trpc/server';
import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';

import { CheckoutFlow } from '../../../../components/checkout/checkout-flow';
import { HoldSummaryCard } from '../../../../components/checkout/hold-summary-card';
import type { OrderView } from '../../../../components/checkout/types';
import { serverCaller } from '../../../../server/caller';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Checkout', robots: { index: false } };

const isNotFound = (error: unknown) => error instanceof TRPCError && error.code === 'NOT_FOUND';

async function loadHold(holdId: string) {
  const caller = serverCaller();
  try {
    return await caller.holds.summary({ id: holdId });
  } catch (error) {
    if (isNotFound(error)) notFound();
    throw error;
  }
}

/** The order a checked-out hold became; null when orders cannot say right now (the page asks again). */
async function loadOrder(orderId: string): Promise<OrderView | null> {
  try {
    return await serverCaller().orders.get({ id: orderId });
  } catch {
    return null;
  }
}

export default async function CheckoutPage({ params }: { params: Promise<{ holdId: string }> }) {
  const { holdId } = await params;
  const summary = await loadHold(holdId);
  const order = summary.order_id ? await loadOrder(summary.order_id) : null;
  if (order?.status === 'confirmed') redirect(`/orders/${order.order_id}`);

  return (
    <div>
      <Link
        href={`/events/${summary.event.id}`}
        className="no-print inline-flex items-center gap-1 text-sm font-medium"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        {summary.event.name}
      </Link>
      <h1 className="mt-3 text-3xl font-bold tracking-tight text-slate-900">Checkout</h1>
      <CheckoutFlow
        initialSummary={summary}
        initialOrder={order}
        summaryCard={<HoldSummaryCard summary={summary} />}
      />
    </div>
  );
}
