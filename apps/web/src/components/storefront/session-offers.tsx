'use client';

import { useQuery } from '@tanstack/react-query';
import type { SessionOffer } from '@ticketing/trpc/public/catalog';
import { CalendarX2 } from 'lucide-react';
import { type ReactNode, useId } from 'react';

import { useTRPC } from '../../trpc/react';
import { Badge } from '../ui/badge';
import { formatSessionRange } from './event-dates';
import { TicketTypeOffer } from './ticket-type-offer';

/** Availability is refetched this often, so the page is at most ~2 s behind (§5). */
const REFRESH_MS = 2_000;

/**
 * The event's sessions with live seat counts. Starts from the server's render and refetches
 * `sessions.listByEvent` at once and then every two seconds while the tab is visible; a session
 * counts as ended by the time of the last fetch, so a page left open also notices that.
 *
 * The server's render may come from the page cache (server/http/page-cache.ts), made minutes ago:
 * its sessions and prices are current (a catalog change makes a new render), its seat counts are
 * not. Until this page has read them, no count, "Sold out" or Reserve is shown as fact.
 */
export function SessionOffers({
  eventId,
  eventName,
  initialSessions,
  renderedAt,
  holdMinutes,
}: {
  eventId: string;
  eventName: string;
  initialSessions: SessionOffer[];
  /** When the server read `initialSessions` (ms since the epoch). */
  renderedAt: number;
  holdMinutes: number;
}) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.sessions.listByEvent.queryOptions({ id: eventId }),
    initialData: { results: initialSessions },
    // Of unknown age: fetched again as soon as the page is up.
    initialDataUpdatedAt: 0,
    refetchInterval: REFRESH_MS,
  });
  const live = query.isFetchedAfterMount && query.dataUpdatedAt > 0;
  const now = live ? query.dataUpdatedAt : renderedAt;
  const sessions = query.data.results;
  const upcoming = sessions.filter((session) => Date.parse(session.ends_at) > now);
  const ended = sessions.filter((session) => Date.parse(session.ends_at) <= now);
  const refresh = () => void query.refetch();

  if (sessions.length === 0) {
    return (
      <div className="rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
        <CalendarX2 aria-hidden="true" className="mx-auto size-8 text-slate-400" />
        <p className="mt-2 font-semibold text-slate-900">No dates announced yet</p>
        <p className="mt-1 text-sm text-slate-600">Tickets go on sale here as soon as they are.</p>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      {upcoming.map((session) => (
        <SessionCard key={session.id} session={session} live={live}>
          {session.ticket_types.length === 0 ? (
            <p className="py-5 text-sm text-slate-600">Tickets for this date go on sale soon.</p>
          ) : (
            session.ticket_types.map((offer) => (
              <TicketTypeOffer
                key={offer.id}
                offer={offer}
                target={{
                  eventName,
                  sessionId: session.id,
                  sessionLabel: formatSessionRange(session.starts_at, session.ends_at),
                }}
                live={live}
                holdMinutes={holdMinutes}
                onInventoryChanged={refresh}
              />
            ))
          )}
        </SessionCard>
      ))}
      {ended.map((session) => (
        <SessionCard key={session.id} session={session} live={live} ended>
          <p className="py-5 text-sm text-slate-600">
            This session has ended. Tickets are no longer sold.
          </p>
        </SessionCard>
      ))}
    </div>
  );
}

function SessionCard({
  session,
  live,
  ended = false,
  children,
}: {
  session: SessionOffer;
  live: boolean;
  ended?: boolean;
  children: ReactNode;
}) {
  const headingId = useId();
  const soldOut =
    live &&
    !ended &&
    session.ticket_types.length > 0 &&
    session.ticket_types.every((type) => type.available === 0);
  return (
    <section
      aria-labelledby={headingId}
      className={
        ended
          ? 'rounded-2xl bg-slate-100 px-5 pt-5 ring-1 ring-slate-200 sm:px-6'
          : 'rounded-2xl bg-white px-5 pt-5 shadow-sm ring-1 ring-slate-200 sm:px-6'
      }
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 pb-4">
        <h2
          id={headingId}
          className={
            ended
              ? 'text-base font-semibold text-slate-600'
              : 'text-lg font-semibold text-slate-900'
          }
        >
          <time dateTime={session.starts_at}>
            {formatSessionRange(session.starts_at, session.ends_at)}
          </time>
        </h2>
        {ended && <Badge>Ended</Badge>}
        {soldOut && <Badge>Sold out</Badge>}
      </div>
      <div className="divide-y divide-slate-100">{children}</div>
    </section>
  );
}
