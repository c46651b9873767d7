import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { databaseModules, dropDatabase, migrateDatabase } from '../src/migrate';
import { testDatabaseUrl } from '../src/testing';

const scratchUrl = (module: (typeof databaseModules)[number]) =>
  testDatabaseUrl(module, 'scratch');

async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const applied = await client.query<{ count: string }>('select count(*) from drizzle.__drizzle_migrations');
    return { tables: tables.rows.map((row) => row.table_name), applied: Number(applied.rows[0]?.count) };
  } finally {
    await client.end();
  }
}

const expectedTables = {
  main: [
    'admin_users',
    'audit_log',
    'consumed_events',
    'customers',
    'events',
    'holds',
    'outbox',
    'sessions',
    'ticket_types',
  ],
  inventory: ['consumed_events', 'inventory_holds', 'inventory_items', 'outbox'],
  orders: [
    'audit_log',
    'consumed_events',
    'order_items',
    'order_sales_daily',
    'order_status_history',
    'orders',
    'outbox',
    'payments',
  ],
};

describe('migrations', () => {
  afterAll(async () => {
    for (const module of databaseModules) await dropDatabase(scratchUrl(module));
  });

  it.each(databaseModules)('%s: apply to an empty database, and a second run changes nothing', async (module) => {
    const url = scratchUrl(module);
    await dropDatabase(url);

    await migrateDatabase(module, url);
    const first = await describeSchema(url);
    expect(first.tables).toEqual(expectedTables[module]);
    expect(first.applied).toBeGreaterThan(0);

    await migrateDatabase(module, url);
    expect(await describeSchema(url)).toEqual(first);
  });
});

describe('ticketing_main indexes', () => {
  it('serves the orderless-hold sweep from a partial index, and indexes the holds foreign keys', async () => {
    const url = scratchUrl('main');
    await migrateDatabase('main', url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ indexname: string }>(
        `select indexname from pg_indexes where tablename = 'holds' order by 1`,
      );
      expect(rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining([
          'holds_orderless_expires_at_idx',
          'holds_session_id_idx',
          'holds_ticket_type_id_idx',
        ]),
      );
      // The sweep's query (hold-store.ts dueOrderlessHoldIds) is planned on the partial index.
      await client.query('set enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `explain select id from holds where status = 'converted' and order_id is null
           and expires_at <= now() - interval '30 seconds' order by expires_at limit 100`,
      );
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
        'holds_orderless_expires_at_idx',
      );
    } finally {
      await client.end();
    }
  });
});

/** The plan of `query` with sequential scans off: which index, if any, can serve it. */
async function planOf(url: string, query: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain ${query}`);
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}

describe('retention indexes', () => {
  // The batches retention.ts deletes, as it selects them: published outbox rows by published_at,
  // consumed_events by consumed_at, both older than a cut-off.
  it.each(databaseModules)('%s: both pruning queries are planned on an index', async (module) => {
    const url = scratchUrl(module);
    await migrateDatabase(module, url);
    expect(
      await planOf(
        url,
        `select id from outbox where published_at is not null
           and published_at < now() - interval '7 days' limit 500`,
      ),
    ).toContain('outbox_published_at_idx');
    expect(
      await planOf(
        url,
        `select event_id from consumed_events where consumed_at < now() - interval '7 days' limit 500`,
      ),
    ).toContain('consumed_events_consumed_at_idx');
  });
});

describe('audit log indexes', () => {
  it.each(['main', 'orders'] as const)(
    '%s: newest first, by action and by actor prefix, from an index',
    async (module) => {
      const url = scratchUrl(module);
      await migrateDatabase(module, url);
      const page = `select id from audit_log where (at, id) < (now(), gen_random_uuid())`;
      expect(await planOf(url, `${page} order by at desc, id desc limit 51`)).toContain(
        'audit_log_at_id_idx',
      );
      expect(
        await planOf(url, `${page} and action = 'order.refund' order by at desc, id desc limit 51`),
      ).toContain('audit_log_action_at_id_idx');
      expect(
        await planOf(url, `select id from audit_log where lower(actor) like 'ada%' limit 51`),
      ).toContain('audit_log_actor_prefix_idx');
    },
  );
});
