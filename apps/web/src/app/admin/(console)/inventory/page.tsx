import type { Metadata } from 'next';

import { InventoryView } from '../../../../components/admin/inventory/inventory-view';
import { PageHeader } from '../../../../components/admin/page-header';
import { requireAdmin } from '../../admin-session';
import { eventOptions, loadEvents } from '../../load-events';

export const metadata: Metadata = { title: 'Inventory' };
export const dynamic = 'force-dynamic';

export default async function InventoryPage() {
  const { caller } = await requireAdmin('/admin/inventory');
  const { events } = await loadEvents(caller);
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Seats per ticket type as the inventory service counts them: available, held at checkout, committed to paid orders."
      />
      <InventoryView events={eventOptions(events)} />
    </>
  );
}
