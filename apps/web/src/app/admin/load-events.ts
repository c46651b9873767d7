import type { EventDto } from '@ticketing/trpc/public/catalog';

import type { serverCaller } from '../../server/caller';

/** Enough for any organiser's catalog; the list pages say so if it is ever cut off. */
const MAX_PAGES = 20;

/**
 * Every event, oldest first, paged through `events.list` (there is no admin search procedure:
 * the admin pages filter this list). `truncated` when more than MAX_PAGES × 100 exist.
 */
export async function loadEvents(
  caller: ReturnType<typeof serverCaller>,
): Promise<{ events: EventDto[]; truncated: boolean }> {
  const events: EventDto[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await caller.events.list({ limit: 100, cursor });
    events.push(...result.results);
    if (!result.next_cursor) return { events, truncated: false };
    cursor = result.next_cursor;
  }
  return { events, truncated: true };
}

/** The events as options of an "Event" select. */
export const eventOptions = (events: EventDto[]) =>
  events.map((event) => ({ id: event.id, name: event.name }));
