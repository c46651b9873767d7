import type { Metadata } from 'next';

import { DashboardView } from '../../../components/admin/dashboard/dashboard-view';
import { PageHeader } from '../../../components/admin/page-header';
import { requireAdmin } from '../admin-session';
import { eventOptions, loadEvents } from '../load-events';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const { caller } = await requireAdmin('/admin');
  const { events } = await loadEvents(caller);
  return (
    <>
      <PageHeader title="Dashboard" description="Sales, holds and orders at a glance." />
      <DashboardView events={eventOptions(events)} />
    </>
  );
}
