import { and, desc, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';

import type { Executor } from '../client';
import type { AuditChange, AuditLogTable } from './audit-log-table';

/** One audited admin write, as a service records it (columns named one by one, nothing implied). */
export interface AuditRecord {
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  change: AuditChange;
  clientAddress: string;
}

/** Writes one audit row; pass the transaction of the write it records. */
export async function insertAuditRecord(
  db: Executor,
  table: AuditLogTable,
  record: AuditRecord,
): Promise<void> {
  await db.insert(table).values({
    actor: record.actor,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    change: record.change,
    clientAddress: record.clientAddress,
  });
}

/**
 * A position in the log, newest first: `at` is the text PostgreSQL prints with its microseconds
 * (a JS Date would round them and repeat or skip rows), `id` breaks ties.
 */
export interface AuditPosition {
  at: string;
  id: string;
}

export interface AuditPageQuery {
  /** Only these actions (an empty list matches nothing). */
  actions?: readonly string[];
  /** A case-insensitive prefix of the actor. */
  actorPrefix?: string;
  /** At or after / strictly before. */
  from?: Date;
  to?: Date;
  /** Strictly older than this position: the last row of the previous page. */
  before?: AuditPosition;
  limit: number;
}

export interface AuditRow extends AuditRecord, AuditPosition {}

/** UTC with microseconds, fixed width, so positions also compare as strings. */
const positionText = (table: AuditLogTable) =>
  sql<string>`to_char(${table.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** LIKE pattern of a prefix: the user's %, _ and \ match themselves. */
const prefixPattern = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the log, newest first by (at, id), keyset from `before` (no OFFSET scans); `hasMore`
 * says whether older rows match too.
 */
export async function readAuditPage(
  db: Executor,
  table: AuditLogTable,
  query: AuditPageQuery,
): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  if (query.actions?.length === 0) return { rows: [], hasMore: false };
  const conditions: SQL[] = [];
  if (query.actions) conditions.push(inArray(table.action, [...query.actions]));
  if (query.actorPrefix) {
    conditions.push(
      sql`lower(${table.actor}) like ${prefixPattern(query.actorPrefix.toLowerCase())}`,
    );
  }
  if (query.from) conditions.push(gte(table.at, query.from));
  if (query.to) conditions.push(lt(table.at, query.to));
  if (query.before) {
    conditions.push(
      sql`(${table.at}, ${table.id}) < (${query.before.at}::timestamptz, ${query.before.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      id: table.id,
      at: positionText(table),
      actor: table.actor,
      action: table.action,
      targetType: table.targetType,
      targetId: table.targetId,
      change: table.change,
      clientAddress: table.clientAddress,
    })
    .from(table)
    .where(and(...conditions))
    .orderBy(desc(table.at), desc(table.id))
    .limit(query.limit + 1);
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}
