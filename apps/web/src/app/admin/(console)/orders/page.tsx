import type { Metadata } from 'next';
import { Suspense } from 'react';

import { OrdersView } from '../../../../components/admin/orders/orders-view';
import { PageHeader } from '../../../../components/admin/page-header';
import { requireAdmin } from '../../admin-session';
import { eventOptions, loadEvents } from '../../load-events';

export const metadata: Metadata = { title: 'Orders' };
export const dynamic = 'force-dynamic';

export default async function OrdersPage() {
  const { caller } = await requireAdmin('/admin/orders');
  const { events } = await loadEvents(caller);
  return (
    <>
      <PageHeader
        title="Orders"
        description="Find a buyer's order by e-mail or order number; cancel or refund it."
      />
      <Suspense>
        <OrdersView events={eventOptions(events)} />
      </Suspense>
    </>
  );
}
