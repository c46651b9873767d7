import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import pg from 'pg';

export type DatabaseName = 'main' | 'inventory' | 'orders';

export interface Databases {
  urls: Record<DatabaseName, string>;
  /** One small pool per database for the test's own reads (plain SQL: a black-box view). */
  query<Row extends pg.QueryResultRow>(
    database: DatabaseName,
    text: string,
    values?: unknown[],
  ): Promise<Row[]>;
  close(): Promise<void>;
}

const names: readonly DatabaseName[] = ['main', 'inventory', 'orders'];

/** `ticketing_<db>_<suffix>_test`, migrated and emptied: every suite starts from nothing. */
export async function prepareDatabases(suffix = 'e2e'): Promise<Databases> {
  const urls = {} as Record<DatabaseName, string>;
  for (const name of names) {
    urls[name] = await prepareTestDatabase(name, suffix);
    await truncateAll(urls[name]);
  }
  return openDatabases(urls);
}

/** Small pools on databases a run already prepared (e.g. a test worker of the browser suite). */
export function openDatabases(urls: Record<DatabaseName, string>): Databases {
  const pools = Object.fromEntries(
    names.map((name) => [
      name,
      new pg.Pool({ connectionString: urls[name], max: 1, application_name: 'e2e-test' }),
    ]),
  ) as Record<DatabaseName, pg.Pool>;

  return {
    urls,
    async query(database, text, values) {
      return (await pools[database].query(text, values)).rows;
    },
    async close() {
      await Promise.all(names.map((name) => pools[name].end()));
    },
  };
}
