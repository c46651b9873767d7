import { TRPCError } from '@trpc/server';
import { ArrowLeft, CalendarDays, MapPin } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';

import { formatDay } from '../../../../components/storefront/event-dates';
import { SessionOffers } from '../../../../components/storefront/session-offers';
import { serverCaller } from '../../../../server/caller';
import { getWebServices } from '../../../../server/services';

// Next renders every request it is handed: the page is kept per version of its event's catalog
// by the page cache in front of Next (server/http/page-cache.ts), which sees admin writes; a render
// kept by Next itself would not. Seat counts are read by the browser (SessionOffers).
export const dynamic = 'force-dynamic';

const PLACEHOLDER_IMAGE = '/images/placeholder.svg';

/** The event and its sessions, once per request (metadata and page share it); null when unknown. */
const loadEvent = cache(async (id: string) => {
  const caller = serverCaller();
  try {
    const [event, sessions] = await Promise.all([
      caller.events.byId({ id }),
      caller.sessions.listByEvent({ id }),
    ]);
    return { event, sessions: sessions.results, loadedAt: Date.now() };
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
});

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await loadEvent((await params).id);
  if (!loaded) return { title: 'Page not found' };
  return { title: loaded.event.name, description: loaded.event.description.slice(0, 160) };
}

export default async function EventPage({ params }: Props) {
  const loaded = await loadEvent((await params).id);
  if (!loaded) notFound();
  const { event, sessions, loadedAt } = loaded;
  const upcoming = sessions.filter((session) => Date.parse(session.ends_at) > loadedAt);
  const next = upcoming[0];
  const holdMinutes = Math.round(getWebServices().holdTtlSeconds / 60);

  return (
    <>
      <Link
        href="/"
        className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-700 no-underline hover:text-slate-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        All events
      </Link>

      <div className="mt-4 grid gap-8 lg:grid-cols-5 lg:gap-10">
        <div className="lg:col-span-3">
          <img
            src={event.image_url ?? PLACEHOLDER_IMAGE}
            alt=""
            width={1600}
            height={900}
            className="aspect-[16/9] w-full rounded-2xl bg-slate-100 object-cover shadow-sm ring-1 ring-slate-200"
          />
        </div>
        <div className="lg:col-span-2">
          <h1 className="text-3xl font-bold tracking-tight text-balance text-slate-900 sm:text-4xl">
            {event.name}
          </h1>
          <dl className="mt-5 space-y-3 text-slate-700">
            <div className="flex items-start gap-3">
              <dt>
                <MapPin aria-hidden="true" className="mt-0.5 size-5 text-brand-600" />
                <span className="sr-only">Location</span>
              </dt>
              <dd>{event.location}</dd>
            </div>
            <div className="flex items-start gap-3">
              <dt>
                <CalendarDays aria-hidden="true" className="mt-0.5 size-5 text-brand-600" />
                <span className="sr-only">Dates</span>
              </dt>
              <dd>
                {next
                  ? upcoming.length === 1
                    ? formatDay(next.starts_at)
                    : `${upcoming.length} dates from ${formatDay(next.starts_at)}`
                  : 'No upcoming dates'}
              </dd>
            </div>
          </dl>
          <p className="mt-5 leading-relaxed whitespace-pre-line text-slate-700">
            {event.description}
          </p>
        </div>
      </div>

      <div id="tickets" className="mt-12 scroll-mt-6">
        <p className="mb-4 text-sm font-semibold tracking-wide text-slate-600 uppercase">
          Dates and tickets
        </p>
        <SessionOffers
          eventId={event.id}
          eventName={event.name}
          initialSessions={sessions}
          renderedAt={loadedAt}
          holdMinutes={holdMinutes}
        />
      </div>
    </>
  );
}
