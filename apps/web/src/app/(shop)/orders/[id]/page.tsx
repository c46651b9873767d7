import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { OrderView } from '../../../../components/orders/order-view';
import { qrDataUrls } from '../../../../components/orders/qr-data-url';
import type { OrderSummary } from '../../../../components/orders/types';
import { serverCaller } from '../../../../server/caller';
import { callerErrorCode, isUnavailableCode } from '../../../../server/orders/caller-error-code';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Your order', robots: { index: false } };

/** The order, or null when orders cannot answer right now (the page then asks from the browser). */
async function loadOrder(id: string): Promise<OrderSummary | null> {
  try {
    return await serverCaller().orders.summary({ id });
  } catch (error) {
    const code = callerErrorCode(error);
    if (code === 'not_found') notFound();
    if (isUnavailableCode(code)) return null;
    throw error;
  }
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const order = await loadOrder(id);
  const initialQr = order ? await qrDataUrls(order.tickets.map((ticket) => ticket.code)) : {};
  return <OrderView orderId={order?.order_id ?? id} initialOrder={order} initialQr={initialQr} />;
}
