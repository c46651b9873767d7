'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { UpcomingEvent, UpcomingPage } from '@ticketing/trpc/public/storefront';
import { ChevronDown } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

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
 * Seats left per event as this browser read them: the first page read again as soon as the list
 * is up, and every page "Load more" fetched. The server's first page is left out: it may be a
 * cached render (server/http/page-cache.ts) made minutes ago, whose catalog is current but whose
 * seat counts are not.
 */
function seatsReadHere(
  firstPageNow: UpcomingPage | undefined,
  loadedPages: readonly UpcomingPage[],
): Map<string, number> {
  const seats = new Map<string, number>();
  for (const page of [firstPageNow, ...loadedPages.slice(1)]) {
    for (const event of page?.results ?? []) seats.set(event.id, event.available);
  }
  return seats;
}

/**
 * The event cards, starting from the page the server rendered; "Load more events" appends the
 * next page of the cursor and moves the focus to the first new card, so a keyboard user carries on
 * where the new events begin. A card's badge says "Checking seats…" until this browser has read
 * its seats (`seatsReadHere`).
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
      getNextPageParam: (last) => last.next_cursor,
      // Badges come from the last load; a card's page is not refetched behind the buyer's back.
      staleTime: 60_000,
      refetchOnWindowFocus: false,
    }),
  );
  // The same first page as a plain query: it has no initial data, so it is fetched here.
  const firstPageNow = useQuery(
    trpc.storefront.upcoming.queryOptions(input, {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
    }),
  );
  const events = distinctEvents(query.data.pages);
  const seats = seatsReadHere(firstPageNow.data, query.data.pages);
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
              available={seats.get(event.id) ?? null}
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
