import type { Metadata } from 'next';

import { EventBusView } from '../../../../components/admin/event-bus/event-bus-view';
import { PageHeader } from '../../../../components/admin/page-header';
import { requireAdmin } from '../../admin-session';

export const metadata: Metadata = { title: 'Event bus' };
export const dynamic = 'force-dynamic';

export default async function EventBusPage() {
  await requireAdmin('/admin/event-bus');
  return (
    <>
      <PageHeader
        title="Event bus"
        description="Events waiting in each service's outbox, and each consumer's queue with the messages it gave up on."
      />
      <EventBusView />
    </>
  );
}
