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
  /** A statement running longer is cancelled by the server (SQLSTATE 57014). */
  statementTimeoutMs?: number;
  /** A transaction left idle this long is ended by the server, releasing its locks. */
  idleInTransactionTimeoutMs?: number;
}

/**
 * Nothing on the request or event paths runs for seconds; a statement that does is stuck on a lock
 * or a runaway query, and a transaction idle that long belongs to a process that stalled. The
 * server ends both, so one stuck client can never hold row locks (and a pool slot) forever.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

export function createDatabase({
  url,
  poolSize,
  applicationName,
  statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS,
  idleInTransactionTimeoutMs = DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
}: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: idleInTransactionTimeoutMs,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return drizzle({ client: pool });
}
