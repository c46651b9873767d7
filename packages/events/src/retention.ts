import type { Executor } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { and, inArray, isNotNull, lt } from 'drizzle-orm';

import type { ConsumedEventsTable } from './consumer';
import type { OutboxTable } from './outbox-writer';

/**
 * Retention of the two tables that only ever grow: published outbox rows and `consumed_events`.
 *
 * An outbox row is needed until the relay has published it; after that it is history, so only
 * rows published longer ago than the window go, and an unpublished row stays however old it is.
 *
 * A `consumed_events` row is what makes a redelivered event a no-op (I5). Once it is gone, a copy
 * of that event arriving later is applied a second time. So the window must exceed the longest
 * time after which a copy can still arrive: the retry delays (seconds, at most hours with
 * EVENTS_RETRY_DELAYS_MS), a redelivery of an unacked message when a consumer or the broker
 * restarts (minutes), a relay publishing a row again after a crash before it marked it (a poll
 * later), and above all an operator replaying a dead-lettered copy from `<queue>.dlq`, which can
 * come days later. The default week is there for that last one: a DLQ message older than the
 * window must be discarded, not replayed. Hence the floor of a day on RETENTION_WINDOW_HOURS.
 */

export type RetainedTable = OutboxTable | ConsumedEventsTable;

export interface PruneOptions {
  table: RetainedTable;
  /** Rows older than this (by published_at for the outbox, consumed_at for consumed_events) go. */
  keepMs: number;
  /** Rows deleted per statement: each DELETE is short, so it never holds many row locks long. */
  batchSize: number;
  /** Stops between batches (a shutdown). */
  signal?: AbortSignal;
}

export interface PruneResult {
  deleted: number;
  /** DELETE statements run, each of at most `batchSize` rows. */
  batches: number;
}

/**
 * Deletes the expired rows of one table, `batchSize` at a time, until none is left or `signal`
 * aborts. The cut-off is taken once, so rows that age past it meanwhile wait for the next run.
 */
export async function pruneOnce(db: Executor, options: PruneOptions): Promise<PruneResult> {
  const { table, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`retention batchSize must be a positive integer, not ${batchSize}`);
  }
  if (!Number.isFinite(options.keepMs) || options.keepMs <= 0) {
    throw new Error(`retention keepMs must be positive, not ${options.keepMs}`);
  }
  const cutoff = new Date(Date.now() - options.keepMs);
  const result: PruneResult = { deleted: 0, batches: 0 };
  while (!options.signal?.aborted) {
    const deleted = await deleteBatch(db, table, cutoff, batchSize);
    result.batches += 1;
    result.deleted += deleted;
    if (deleted < batchSize) break;
  }
  return result;
}

async function deleteBatch(
  db: Executor,
  table: RetainedTable,
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  if ('publishedAt' in table) {
    const expired = db
      .select({ id: table.id })
      .from(table)
      .where(and(isNotNull(table.publishedAt), lt(table.publishedAt, cutoff)))
      .limit(batchSize);
    const rows = await db
      .delete(table)
      .where(inArray(table.id, expired))
      .returning({ id: table.id });
    return rows.length;
  }
  const expired = db
    .select({ id: table.eventId })
    .from(table)
    .where(lt(table.consumedAt, cutoff))
    .limit(batchSize);
  const rows = await db
    .delete(table)
    .where(inArray(table.eventId, expired))
    .returning({ id: table.eventId });
  return rows.length;
}

/** The RETENTION_* variables (`retention` in @ticketing/env/common), as the options below take them. */
export function retentionSettingsOf(env: {
  RETENTION_WINDOW_HOURS: number;
  RETENTION_INTERVAL_MS: number;
  RETENTION_BATCH_SIZE: number;
}) {
  return {
    keepMs: env.RETENTION_WINDOW_HOURS * 3_600_000,
    intervalMs: env.RETENTION_INTERVAL_MS,
    batchSize: env.RETENTION_BATCH_SIZE,
  };
}

export interface RetentionOptions {
  db: Executor;
  /** The process's own outbox and/or consumed_events. */
  tables: readonly RetainedTable[];
  keepMs: number;
  batchSize: number;
  /** Between the end of one run and the start of the next; the first run starts at once. */
  intervalMs: number;
  logger?: Logger;
  /** Observes every finished run of a table (tests, metrics). */
  onPruned?: (table: RetainedTable, result: PruneResult) => void;
}

export interface Retention {
  /** Resolves once the run in progress (if any) has stopped between two batches; no run after. */
  stop(): Promise<void>;
}

/**
 * Prunes the tables now and then every `intervalMs`, one run at a time. A failed run is logged
 * and the next one tries again; nothing here can stop the process.
 */
export function startRetention(options: RetentionOptions): Retention {
  const shutdown = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const runOnce = async () => {
    for (const table of options.tables) {
      if (shutdown.signal.aborted) return;
      const name = tableName(table);
      try {
        const result = await pruneOnce(options.db, {
          table,
          keepMs: options.keepMs,
          batchSize: options.batchSize,
          signal: shutdown.signal,
        });
        if (result.deleted > 0) {
          options.logger?.info({ table: name, ...result }, 'retention: expired rows deleted');
        }
        options.onPruned?.(table, result);
      } catch (error) {
        options.logger?.error(
          { err: error, table: name },
          'retention run failed; next run retries',
        );
      }
    }
  };

  const schedule = () => {
    if (shutdown.signal.aborted) return;
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        running = null;
        schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };

  running = runOnce().finally(() => {
    running = null;
    schedule();
  });

  return {
    async stop() {
      shutdown.abort();
      clearTimeout(timer);
      await running;
    },
  };
}

function tableName(table: RetainedTable): string {
  return 'publishedAt' in table ? 'outbox' : 'consumed_events';
}
