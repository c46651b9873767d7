import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDatabase, type Database } from '../src/client';
import { prepareTestDatabase } from '../src/testing';

const QUERY_CANCELED = '57014';

describe('pool timeouts', () => {
  let db: Database;
  let url: string;

  beforeAll(async () => {
    url = await prepareTestDatabase('main');
    db = createDatabase({
      url,
      poolSize: 2,
      applicationName: 'pool-timeouts-test',
      statementTimeoutMs: 200,
      idleInTransactionTimeoutMs: 300,
    });
  });
  afterAll(() => db.$client.end());

  it('has the server cancel a statement that runs past the statement timeout', async () => {
    await expect(db.execute(sql`select pg_sleep(2)`)).rejects.toMatchObject({
      cause: { code: QUERY_CANCELED },
    });
    // The connection is usable again at once.
    expect((await db.execute(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
  });

  it('has the server end a transaction left idle, so its locks do not outlive a stalled client', async () => {
    const client = await db.$client.connect();
    let ended: unknown;
    client.on('error', (error) => {
      ended = error;
    });
    try {
      await client.query('begin');
      await client.query('select 1');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await expect(client.query('select 1')).rejects.toThrow();
      expect(ended ?? 'rejected').toBeTruthy();
    } finally {
      client.release(true);
    }
  });

  it('defaults to timeouts that leave room for every real statement', async () => {
    const defaults = createDatabase({ url, poolSize: 1, applicationName: 'pool-defaults-test' });
    try {
      const { rows } = await defaults.execute<{ statement_timeout: string; idle: string }>(
        sql`select current_setting('statement_timeout') as statement_timeout,
                   current_setting('idle_in_transaction_session_timeout') as idle`,
      );
      expect(rows).toEqual([{ statement_timeout: '15s', idle: '30s' }]);
    } finally {
      await defaults.$client.end();
    }
  });
});
