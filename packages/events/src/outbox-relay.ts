import { setTimeout as sleep } from 'node:timers/promises';

import type { Executor } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { asc, count, inArray, isNull, sql } from 'drizzle-orm';
import pg from 'pg';

import type { ReconnectOptions } from './connection';
import { parseEnvelope } from './envelope';
import { OUTBOX_CHANNEL, OUTBOX_LINGER_MS, type OutboxTable } from './outbox-writer';
import type { Publisher } from './publisher';

export interface OutboxRelayOptions {
  db: Executor;
  outboxTable: OutboxTable;
  publisher: Pick<Publisher, 'publish' | 'isConnected' | 'onConnect'>;
  /** Rows locked and published per transaction. */
  batchSize?: number;
  /** Safety-net poll; the NOTIFY nudge is what makes publishing prompt. */
  pollIntervalMs?: number;
  /** Database to LISTEN on for the outbox nudge (a dedicated connection); no nudge without it. */
  listenUrl?: string;
  /** After a nudge, keep draining every `lingerPollMs` for this long (covers coalesced nudges). */
  lingerMs?: number;
  lingerPollMs?: number;
  /** Backoff of the LISTEN connection when it drops. */
  reconnect?: ReconnectOptions;
  logger?: Logger;
  /** Each published batch: when its rows occurred (publish lag, for metrics). Must not throw. */
  onPublished?: (occurredAt: readonly Date[]) => void;
}

export interface DrainResult {
  published: number;
  failed: number;
}

export interface OutboxRelay {
  /** Starts polling and listening; resolves once the first LISTEN attempt is done. */
  start(): Promise<void>;
  /** Publishes everything unpublished now (also what the timers and the nudge call). */
  drain(): Promise<DrainResult>;
  stop(): Promise<void>;
}

/** Unpublished rows: the relay's backlog (for readiness checks, metrics, tests). */
export async function outboxBacklog(db: Executor, outbox: OutboxTable): Promise<number> {
  const [row] = await db.select({ rows: count() }).from(outbox).where(isNull(outbox.publishedAt));
  return row?.rows ?? 0;
}

/**
 * Moves outbox rows to RabbitMQ. Each batch is one transaction: lock the oldest unpublished rows
 * with FOR UPDATE SKIP LOCKED (so any number of relays share the work without publishing a row
 * twice), publish them all, wait for the broker's confirms, then mark the confirmed ones published
 * and count an attempt on the others, and commit. A crash before the commit only means the rows are
 * published again later: at least once, deduplicated by the consumers.
 *
 * It runs when the writing transaction commits (NOTIFY on the `outbox` channel, heard on a
 * dedicated LISTEN connection; writers coalesce their NOTIFYs, so it keeps looking for
 * `lingerMs` after each one), when the publisher (re)connects, and on a poll timer as a safety net.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, outboxTable: outbox, publisher, logger: log } = options;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const lingerMs = options.lingerMs ?? OUTBOX_LINGER_MS;
  const lingerPollMs = options.lingerPollMs ?? 10;
  const shutdown = new AbortController();
  let stopped = false;
  let running: Promise<void> | null = null;
  let wokenWhileRunning = false;
  let lingerUntil = 0;
  let endLingerPause: () => void = () => {};

  /** A pause between lingering drains that a nudge (or stop) cuts short. */
  const lingerPause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        shutdown.signal.removeEventListener('abort', done);
        endLingerPause = () => {};
        resolve();
      };
      const timer = setTimeout(done, ms);
      endLingerPause = done;
      shutdown.signal.addEventListener('abort', done);
    });
  let listening: Promise<void> | null = null;
  let listener: pg.Client | null = null;
  let pollTimer: NodeJS.Timeout | undefined;
  let unsubscribe: () => void = () => {};

  const publishBatch = () =>
    db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: outbox.id,
          eventType: outbox.eventType,
          aggregateId: outbox.aggregateId,
          idempotencyKey: outbox.idempotencyKey,
          correlationId: outbox.correlationId,
          payload: outbox.payload,
          occurredAt: outbox.occurredAt,
        })
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.occurredAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return { selected: 0, published: 0, failed: 0 };

      // Published together: the broker confirms them in order on one channel, in one round trip or so.
      const results = await Promise.allSettled(
        rows.map(async (row) =>
          publisher.publish(
            parseEnvelope({
              event_id: row.id,
              event_type: row.eventType,
              occurred_at: row.occurredAt.toISOString(),
              aggregate_id: row.aggregateId,
              idempotency_key: row.idempotencyKey,
              correlation_id: row.correlationId,
              payload: row.payload,
            }),
          ),
        ),
      );
      const published = rows
        .filter((_, index) => results[index]?.status === 'fulfilled')
        .map((row) => row.id);
      const failed = rows
        .filter((_, index) => results[index]?.status === 'rejected')
        .map((row) => row.id);

      if (published.length > 0) {
        await tx
          .update(outbox)
          .set({ publishedAt: sql`now()` })
          .where(inArray(outbox.id, published));
      }
      if (options.onPublished && published.length > 0) {
        options.onPublished(
          rows
            .filter((_, index) => results[index]?.status === 'fulfilled')
            .map((row) => row.occurredAt),
        );
      }
      if (failed.length > 0) {
        await tx
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1` })
          .where(inArray(outbox.id, failed));
        const reason = results.find((result) => result.status === 'rejected');
        log?.warn(
          { err: reason?.status === 'rejected' ? reason.reason : undefined, failed: failed.length },
          'outbox rows not published; will retry',
        );
      }
      return { selected: rows.length, published: published.length, failed: failed.length };
    });

  const drain = async (): Promise<DrainResult> => {
    const total = { published: 0, failed: 0 };
    // While the broker is away there is nothing to try: the rows wait, the reconnect wakes us.
    while (!stopped && publisher.isConnected()) {
      const batch = await publishBatch();
      total.published += batch.published;
      total.failed += batch.failed;
      if (batch.selected < batchSize || batch.failed > 0) break;
    }
    return total;
  };

  /**
   * Coalesces wake-ups: one drain at a time, another one if something woke us meanwhile, and
   * short follow-up drains while lingering after a nudge (a write whose own NOTIFY was coalesced
   * away may commit just after the nudge that covered it).
   */
  const wake = () => {
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      endLingerPause();
      return;
    }
    running = (async () => {
      while (!stopped) {
        wokenWhileRunning = false;
        try {
          await drain();
        } catch (error) {
          log?.error({ err: error }, 'outbox relay batch failed; the next poll retries');
          break;
        }
        if (wokenWhileRunning) continue;
        const lingerLeft = lingerUntil - Date.now();
        if (lingerLeft <= 0) break;
        await lingerPause(Math.min(lingerPollMs, lingerLeft));
      }
    })().finally(() => {
      running = null;
    });
  };

  const nudged = () => {
    lingerUntil = Date.now() + lingerMs;
    wake();
  };

  const listen = async (listenUrl: string, firstAttempt: () => void) => {
    const initialDelay = options.reconnect?.initialDelayMs ?? 100;
    const maxDelay = options.reconnect?.maxDelayMs ?? 5_000;
    let delay = initialDelay;
    while (!stopped) {
      const client = new pg.Client({
        connectionString: listenUrl,
        application_name: 'outbox-relay-listen',
      });
      const ended = new Promise<void>((resolve) => {
        client.once('end', resolve);
        // `on`, not `once`: a client can emit several errors, and an unheard one would crash the process.
        client.on('error', (error) => {
          log?.warn({ err: error }, 'outbox LISTEN connection lost');
          resolve();
        });
      });
      client.on('notification', nudged);
      try {
        await client.connect();
        await client.query(`listen ${OUTBOX_CHANNEL}`);
        listener = client;
        delay = initialDelay;
        firstAttempt();
        // Rows committed while we were not listening got no nudge we could hear.
        wake();
        await ended;
      } catch (error) {
        log?.warn({ err: error }, 'outbox LISTEN connection failed');
        firstAttempt();
      }
      listener = null;
      await client.end().catch(() => {});
      if (stopped) break;
      await sleep(delay, undefined, { signal: shutdown.signal }).catch(() => {});
      delay = Math.min(delay * 2, maxDelay);
    }
  };

  return {
    async start() {
      unsubscribe = publisher.onConnect(wake);
      pollTimer = setInterval(wake, pollIntervalMs);
      wake();
      const { listenUrl } = options;
      if (!listenUrl) return;
      await new Promise<void>((resolve) => {
        listening = listen(listenUrl, resolve);
      });
    },
    drain,
    async stop() {
      stopped = true;
      shutdown.abort();
      clearInterval(pollTimer);
      unsubscribe();
      await listener?.end().catch(() => {});
      await listening;
      await running;
    },
  };
}

/** Creates a relay and starts it (see `start`): what a process that publishes its outbox runs. */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const relay = createOutboxRelay(options);
  await relay.start();
  return relay;
}
