'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { ChevronDown } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { UpcomingEvent, UpcomingPage } from '@ticketing/trpc/public/storefront';
import { useTRPC } from '../../trpc/react';
import { Alert } from '../ui/alert';
import { buttonClass } from '../ui/button';
import { EventCard } from './event-card';

export interface UpcomingEventsInput {
  q?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** Cards of every page loaded so far; an event met twice (its date moved on) is shown once. */
function distinctEvents(pages: readonly UpcomingPage[]): UpcomingEvent[] {
  const byId = new Map<string, UpcomingEvent>();
  for (const event of pages.flatMap((page) => page.results)) {
    if (!byId.has(event.id)) byId.set(event.id, event);
  }
  return [...byId.values()];
}

/**
 * The event cards, starting from the page the server rendered; "Load more events" appends the
 * next page of the cursor and moves the focus to the first new card, so a keyboard user carries on
 * where the new events begin.
 *
 * The server's page may be a cached render (server/http/page-cache.ts) made minutes ago: its
 * catalog is current, its seat counts are not. So it counts as of unknown age — fetched again as
 * soon as the page is up — and the badges say "Checking seats…" until this page has read them.
 */
export function UpcomingEventList({
  input,
  firstPage,
}: {
  input: UpcomingEventsInput;
  firstPage: UpcomingPage;
}) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.storefront.upcoming.infiniteQueryOptions(input, {
      initialData: { pages: [firstPage], pageParams: [null] },
      initialDataUpdatedAt: 0,
      getNextPageParam: (last) => last.next_cursor,
      // Badges come from the last load; a card's page is not refetched behind the buyer's back.
      staleTime: 60_000,
      refetchOnWindowFocus: false,
    }),
  );
  const events = distinctEvents(query.data.pages);
  const live = query.isFetchedAfterMount && query.dataUpdatedAt > 0;
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const links = useRef<(HTMLAnchorElement | null)[]>([]);

  useEffect(() => {
    if (focusFrom === null) return;
    links.current[focusFrom]?.focus();
    setFocusFrom(null);
  }, [focusFrom, events.length]);

  async function loadMore() {
    if (query.isFetchingNextPage) return;
    const shown = events.length;
    const result = await query.fetchNextPage();
    if (result.isError) return;
    const total = distinctEvents(result.data?.pages ?? []).length;
    setAnnouncement(`${total - shown} more events loaded, ${total} in all.`);
    if (total > shown) setFocusFrom(shown);
  }

  return (
    <>
      <ul role="list" className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
        {events.map((event, index) => (
          <li key={event.id} className="flex">
            <EventCard
              event={event}
              live={live}
              eager={index < 3}
              linkRef={(link) => {
                links.current[index] = link;
              }}
            />
          </li>
        ))}
      </ul>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {query.isFetchNextPageError && (
        <Alert tone="error" title="We couldn't load more events" className="mx-auto mt-8 max-w-md">
          Check your connection, then try again.
        </Alert>
      )}
      {query.hasNextPage && (
        <div className="mt-10 flex justify-center">
          {/* Not disabled while loading: the focus stays on it until the new cards take it. */}
          <button
            type="button"
            onClick={loadMore}
            aria-busy={query.isFetchingNextPage || undefined}
            className={buttonClass('secondary', 'lg')}
          >
            {query.isFetchingNextPage ? (
              <span
                aria-hidden="true"
                className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"
              />
            ) : (
              <ChevronDown aria-hidden="true" className="size-4" />
            )}
            Load more events
          </button>
        </div>
      )}
    </>
  );
}
