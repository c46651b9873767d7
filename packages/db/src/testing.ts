import pg from 'pg';

import { type DatabaseModule, dropDatabase, migrateDatabase } from './migrate';

/**
 * Test databases are named `ticketing_<module>[_<suite>]_test` on the same server as the dev ones,
 * so `npm test` never touches dev data. A suite name gives a package its own copy of a schema
 * (e.g. the events package testing against an orders-shaped database). Override the server with
 * TEST_DATABASE_SERVER.
 */
export function testDatabaseUrl(module: DatabaseModule, suite?: string): string {
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  return `${server}/ticketing_${module}${suite ? `_${suite}` : ''}_test`;
}

/** Creates (if needed) and migrates the test database; returns its URL. */
export async function prepareTestDatabase(module: DatabaseModule, suite?: string): Promise<string> {
  const url = testDatabaseUrl(module, suite);
  await migrateDatabase(module, url);
  return url;
}

/** Empties every table of the database except drizzle's migration journal. */
export async function truncateAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
    );
    if (rows.length > 0) {
      await client.query(`truncate ${rows.map((row) => row.name).join(', ')} cascade`);
    }
  } finally {
    await client.end();
  }
}

export { dropDatabase };
