import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  pruneOnce,
  type PruneResult,
  type RetainedTable,
  retentionSettingsOf,
  startRetention,
} from '../src/retention';
import { consumedEvents, openTestDatabase, outbox,type TestDatabase } from './support/database';
import { waitFor } from './support/wait-for';

const HOUR = 3_600_000;
const WEEK = 168 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase('orders');
});
afterAll(() => database.close());
beforeEach(() => database.truncate());

/** Outbox rows as the relay leaves them: `publishedAt` null while unpublished. */
async function outboxRows(count: number, occurredAt: Date, publishedAt: Date | null) {
  const rows = Array.from({ length: count }, () => ({
    id: randomUUID(),
    eventType: 'hold.created',
    aggregateId: randomUUID(),
    payload: {},
    occurredAt,
    publishedAt,
  }));
  await database.db.insert(outbox).values(rows);
  return rows.map((row) => row.id);
}

async function consumedRows(count: number, consumedAt: Date) {
  const rows = Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    eventType: 'hold.created',
    consumedAt,
  }));
  await database.db.insert(consumedEvents).values(rows);
  return rows.map((row) => row.eventId);
}

const outboxIds = async () =>
  new Set((await database.db.select({ id: outbox.id }).from(outbox)).map((row) => row.id));
const consumedIds = async () =>
  new Set(
    (await database.db.select({ id: consumedEvents.eventId }).from(consumedEvents)).map(
      (row) => row.id,
    ),
  );

describe('pruneOnce', () => {
  it('deletes outbox rows published before the window, keeps unpublished and recent ones', async () => {
    await outboxRows(3, ago(10 * 24 * HOUR), ago(9 * 24 * HOUR));
    // Old, but the relay has not published it (a long outage): it must stay.
    const oldUnpublished = await outboxRows(2, ago(30 * 24 * HOUR), null);
    // Occurred long ago, published only recently (a backlog drained): inside the window.
    const recentlyPublished = await outboxRows(2, ago(10 * 24 * HOUR), ago(HOUR));
    const recent = await outboxRows(2, ago(HOUR), ago(HOUR));

    const result = await pruneOnce(database.db, { table: outbox, keepMs: WEEK, batchSize: 100 });

    expect(result.deleted).toBe(3);
    expect(await outboxIds()).toEqual(
      new Set([...oldUnpublished, ...recentlyPublished, ...recent]),
    );
  });

  it('deletes consumed_events older than the window and keeps the recent ones', async () => {
    await consumedRows(4, ago(8 * 24 * HOUR));
    const recent = await consumedRows(3, ago(6 * 24 * HOUR));

    const result = await pruneOnce(database.db, {
      table: consumedEvents,
      keepMs: WEEK,
      batchSize: 100,
    });

    expect(result.deleted).toBe(4);
    expect(await consumedIds()).toEqual(new Set(recent));
  });

  it('deletes in batches of at most batchSize rows', async () => {
    await outboxRows(25, ago(9 * 24 * HOUR), ago(9 * 24 * HOUR));
    const kept = await outboxRows(1, ago(9 * 24 * HOUR), null);
    // The database itself counts the rows of every DELETE statement on the outbox.
    const sql = database.db.$client;
    await sql.query('create table retention_test_deletes (id serial primary key, n int not null)');
    await sql.query(`
      create function retention_test_count() returns trigger language plpgsql as $$
      begin
        insert into retention_test_deletes (n) select count(*) from gone;
        return null;
      end $$`);
    await sql.query(`
      create trigger retention_test_count after delete on outbox
      referencing old table as gone for each statement execute function retention_test_count()`);
    try {
      const result = await pruneOnce(database.db, { table: outbox, keepMs: WEEK, batchSize: 10 });
      expect(result).toEqual({ deleted: 25, batches: 3 });
      const { rows } = await sql.query<{ n: number }>(
        'select n from retention_test_deletes order by id',
      );
      expect(rows.map((row) => row.n)).toEqual([10, 10, 5]);
    } finally {
      await sql.query('drop trigger if exists retention_test_count on outbox');
      await sql.query('drop function if exists retention_test_count()');
      await sql.query('drop table if exists retention_test_deletes');
    }
    expect(await outboxIds()).toEqual(new Set(kept));
  });

  it('stops between batches when aborted', async () => {
    await consumedRows(30, ago(9 * 24 * HOUR));
    const shutdown = new AbortController();
    shutdown.abort();
    expect(
      await pruneOnce(database.db, {
        table: consumedEvents,
        keepMs: WEEK,
        batchSize: 10,
        signal: shutdown.signal,
      }),
    ).toEqual({ deleted: 0, batches: 0 });
    expect((await consumedIds()).size).toBe(30);
  });
});

describe('startRetention', () => {
  it('prunes every table at once and then every interval, and stops cleanly', async () => {
    await outboxRows(2, ago(9 * 24 * HOUR), ago(9 * 24 * HOUR));
    await consumedRows(2, ago(9 * 24 * HOUR));
    const runs: { table: RetainedTable; result: PruneResult }[] = [];
    const retentionRun = startRetention({
      db: database.db,
      tables: [outbox, consumedEvents],
      keepMs: WEEK,
      batchSize: 10,
      intervalMs: 50,
      onPruned: (table, result) => runs.push({ table, result }),
    });
    try {
      await waitFor(() => runs.length >= 2, { timeoutMs: 2_000 });
      expect(runs.slice(0, 2).map((run) => run.result.deleted)).toEqual([2, 2]);
      // Rows that expire later are taken by a later run.
      await consumedRows(3, ago(9 * 24 * HOUR));
      await waitFor(() => runs.some((run) => run.result.deleted === 3), { timeoutMs: 2_000 });
    } finally {
      await retentionRun.stop();
    }
    const after = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs.length).toBe(after);
    expect((await outboxIds()).size + (await consumedIds()).size).toBe(0);
  });
});

describe('retentionSettingsOf', () => {
  it('turns the RETENTION_* variables into options', () => {
    expect(
      retentionSettingsOf({
        RETENTION_WINDOW_HOURS: 168,
        RETENTION_INTERVAL_MS: 3_600_000,
        RETENTION_BATCH_SIZE: 1_000,
      }),
    ).toEqual({ keepMs: WEEK, intervalMs: HOUR, batchSize: 1_000 });
  });
});
