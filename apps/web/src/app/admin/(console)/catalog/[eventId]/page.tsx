import { isUuid } from '@ticketing/trpc/schemas/ids';
import { ArrowLeft, ExternalLink } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

import { EventDeleteButton } from '../../../../../components/admin/catalog/event-delete-button';
import { EventForm } from '../../../../../components/admin/catalog/event-form';
import { SessionsEditor } from '../../../../../components/admin/catalog/sessions-editor';
import { PageHeader, Panel } from '../../../../../components/admin/page-header';
import { Alert } from '../../../../../components/ui/alert';
import { buttonClass } from '../../../../../components/ui/button';
import { requireAdmin } from '../../../admin-session';

export const metadata: Metadata = { title: 'Edit event' };
export const dynamic = 'force-dynamic';

export default async function EditEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { caller } = await requireAdmin(`/admin/catalog/${eventId}`);
  if (!isUuid(eventId)) notFound();
  const [event, sessions] = await Promise.all([
    caller.events.byId({ id: eventId }).catch(() => null),
    caller.sessions.listByEvent({ id: eventId }).catch(() => null),
  ]);
  if (!event) notFound();

  return (
    <>
      <PageHeader
        back={
          <Link href="/admin/catalog" className="inline-flex items-center gap-1">
            <ArrowLeft aria-hidden="true" className="size-4" />
            Catalog
          </Link>
        }
        title={event.name}
        description={event.location}
        actions={
          <>
            <Link href={`/events/${event.id}`} className={buttonClass('secondary')}>
              <ExternalLink aria-hidden="true" className="size-4" />
              View in shop
            </Link>
            <EventDeleteButton eventId={event.id} name={event.name} />
          </>
        }
      />
      <div className="space-y-8">
        <Panel title="Event details">
          <EventForm key={event.updated_at} event={event} />
        </Panel>
        {sessions ? (
          <SessionsEditor eventId={event.id} sessions={sessions.results} />
        ) : (
          <Alert tone="error" title="Sessions could not be loaded">
            The catalog did not answer; reload the page in a moment.
          </Alert>
        )}
      </div>
    </>
  );
}
