import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

import { OrderActions } from '../../../../../components/admin/orders/order-actions';
import {
  formatInstant,
  OrderEvents,
  OrderHistory,
  OrderItems,
  OrderPayment,
} from '../../../../../components/admin/orders/order-detail';
import { OrderStatusBadge } from '../../../../../components/admin/orders/order-status-badge';
import { PageHeader, Panel } from '../../../../../components/admin/page-header';
import { requireAdmin } from '../../../admin-session';

export const metadata: Metadata = { title: 'Order' };
export const dynamic = 'force-dynamic';

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'NOT_FOUND';

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller } = await requireAdmin(`/admin/orders/${id}`);
  const order = await caller.admin.orders.get({ id }).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (!order) notFound();

  return (
    <>
      <PageHeader
        back={
          <Link href="/admin/orders" className="inline-flex items-center gap-1">
            <ArrowLeft aria-hidden="true" className="size-4" />
            Orders
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            Order <span className="font-mono text-xl">{order.order_id.slice(0, 8)}</span>
            <OrderStatusBadge status={order.status} reason={order.cancel_reason} />
          </span>
        }
        description={
          <>
            Placed {formatInstant(order.created_at)} · Order number{' '}
            <span className="font-mono break-all">{order.order_id}</span>
          </>
        }
        actions={
          <OrderActions orderId={order.order_id} status={order.status} total={order.total} />
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <OrderItems order={order} />
          <OrderEvents events={order.events} />
        </div>
        <div className="space-y-6">
          <Panel title="Customer">
            <p className="text-sm font-medium text-slate-900">
              {order.customer_name ?? 'No name given'}
            </p>
            <p className="text-sm break-all">
              <a href={`mailto:${order.customer_email}`}>{order.customer_email}</a>
            </p>
            <p className="mt-3 text-sm">
              <Link href={`/admin/orders?q=${encodeURIComponent(order.customer_email)}`}>
                All orders of this buyer
              </Link>
            </p>
          </Panel>
          <OrderPayment payment={order.payment} />
          <OrderHistory history={order.history} />
        </div>
      </div>
    </>
  );
}
