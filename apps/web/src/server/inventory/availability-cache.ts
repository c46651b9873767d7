import type { Logger } from '@ticketing/log/logger';
import type { ItemOutput } from '@ticketing/trpc/inventory/contract';

export interface TicketTypeRef {
  id: string;
  sessionId: string;
  quantity: number;
}

export interface AvailabilityCacheOptions {
  /** How long a session's counters are served without asking inventory again (≤ 2 s: §5). */
  freshForMs: number;
  logger?: Logger;
}

interface Entry {
  at: number;
  available: Map<string, number>;
}

/** Most sessions `listItems` takes in one call. */
const SESSIONS_PER_CALL = 100;
/** Past this many sessions the cache starts over rather than grow without bound. */
const MAX_ENTRIES = 10_000;

/**
 * Live seat counts for the catalog, per session, kept in-process for `freshForMs`: a page view
 * costs inventory at most one call per session per interval, and concurrent views share it.
 *
 * Fallback while inventory is unavailable (never a 500 on a catalog read): the last counts this
 * process saw, however old, and for a session it never saw, the ticket type's full quantity. The
 * storefront keeps rendering; a hold on a stale count is still decided by inventory itself.
 */
export function createAvailabilityCache(
  listItems: (sessionIds: string[]) => Promise<ItemOutput[]>,
  options: AvailabilityCacheOptions,
) {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<void>>();

  const refresh = (sessionIds: string[]) => {
    const key = sessionIds.join(',');
    const running = inFlight.get(key);
    if (running) return running;
    const work = (async () => {
      const items = await listItems(sessionIds);
      const at = Date.now();
      if (entries.size > MAX_ENTRIES) entries.clear();
      const fresh = new Map(sessionIds.map((id) => [id, { at, available: new Map() } as Entry]));
      for (const item of items) {
        fresh.get(item.session_id)?.available.set(item.ticket_type_id, item.available_quantity);
      }
      for (const [id, entry] of fresh) entries.set(id, entry);
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, work);
    return work;
  };

  return {
    async read(ticketTypes: readonly TicketTypeRef[]): Promise<Map<string, number>> {
      const now = Date.now();
      const stale = [...new Set(ticketTypes.map((type) => type.sessionId))]
        .filter((id) => {
          const entry = entries.get(id);
          return !entry || now - entry.at >= options.freshForMs;
        })
        .sort();
      const chunks: string[][] = [];
      for (let start = 0; start < stale.length; start += SESSIONS_PER_CALL) {
        chunks.push(stale.slice(start, start + SESSIONS_PER_CALL));
      }
      const results = await Promise.allSettled(chunks.map(refresh));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed?.status === 'rejected') {
        options.logger?.warn(
          { err: failed.reason },
          'availability unavailable; serving the last known counts',
        );
      }
      return new Map(
        ticketTypes.map((type) => [
          type.id,
          Math.max(0, entries.get(type.sessionId)?.available.get(type.id) ?? type.quantity),
        ]),
      );
    },
    /** After a change of a session's totals, its next read asks inventory. */
    invalidate(sessionId: string): void {
      entries.delete(sessionId);
    },
  };
}
