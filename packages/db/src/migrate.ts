import { fileURLToPath } from 'node:url';

import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const databaseModules = ['main', 'inventory', 'orders'] as const;
export type DatabaseModule = (typeof databaseModules)[number];

// Two creators racing: one gets duplicate_database, or unique_violation on pg_database.
const DATABASE_EXISTS = new Set(['42P04', '23505']);
// Serialises concurrent migrators (parallel test suites, several processes starting at once).
const MIGRATION_LOCK = 7_301_554;

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs `work` on a connection to the server's maintenance database, beside the one in `url`. */
async function withServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withServer(url, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database ${quoteIdent(name)}`).catch((error: unknown) => {
        if (!DATABASE_EXISTS.has((error as { code?: string }).code ?? '')) throw error;
      });
    }
  });
}

/** Drops the database named in `url` (tests use it to prove migrations on an empty database). */
export async function dropDatabase(url: string): Promise<void> {
  await withServer(url, (client) => client.query(`drop database if exists ${quoteIdent(databaseName(url))} with (force)`));
}

/** Creates the database if needed and applies the module's pending migrations; safe to repeat. */
export async function migrateDatabase(module: DatabaseModule, url: string): Promise<void> {
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: `migrate-${module}` });
  try {
    await pool.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client: pool }), {
      migrationsFolder: fileURLToPath(new URL(`../drizzle/${module}`, import.meta.url)),
      migrationsSchema: 'drizzle',
    });
    await pool.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await pool.end();
  }
}
