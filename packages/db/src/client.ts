import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';

export type Database = NodePgDatabase & { $client: pg.Pool };

/** A database or an open transaction: data functions take either, so writes can share a transaction. */
export type Executor = PgDatabase<NodePgQueryResultHKT>;

export interface DatabaseOptions {
  url: string;
  /** Connections this process may open; PostgreSQL allows 100 across every process. */
  poolSize: number;
  applicationName: string;
}

export function createDatabase({ url, poolSize, applicationName }: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return drizzle({ client: pool });
}
