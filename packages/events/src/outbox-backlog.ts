import type { Executor } from '@ticketing/db/client';
import { isNull, sql } from 'drizzle-orm';

import type { OutboxTable } from './outbox-writer';

export interface OutboxBacklog {
  unpublished: number;
  /** Seconds since the oldest unpublished row occurred; null when everything is published. */
  oldest_age_seconds: number | null;
}

/**
 * What the relay still has to publish. Reads only the partial index of unpublished rows, so it
 * stays cheap however long the published history grows.
 */
export async function readOutboxBacklog(db: Executor, outbox: OutboxTable): Promise<OutboxBacklog> {
  const [row] = await db
    .select({
      unpublished: sql<number>`count(*)::int`,
      oldest: sql<
        string | null
      >`extract(epoch from clock_timestamp() - min(${outbox.occurredAt}))::text`,
    })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  const oldest = row?.oldest;
  return {
    unpublished: row?.unpublished ?? 0,
    oldest_age_seconds:
      oldest === null || oldest === undefined ? null : Math.max(0, Number(oldest)),
  };
}
