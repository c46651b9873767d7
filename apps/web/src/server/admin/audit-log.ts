import type { Executor } from '@ticketing/db/client';
import { auditLog } from '@ticketing/db/main/audit-log';
import {
  type AuditPageQuery,
  type AuditRow,
  insertAuditRecord,
  readAuditPage,
} from '@ticketing/db/shared/audit-log-query';
import type { AuditChange } from '@ticketing/db/shared/audit-log-table';

import type { AdminIdentity } from '../auth/admin-identity';

/**
 * The admin writes the web owns, audited in ticketing_main: the catalog (in the write's own
 * transaction), sign-ins and failed sign-ins, dead-letter replays and discards. Refunds and admin
 * cancels are audited by orders, in ticketing_orders (apps/orders/src/domain/audit-log.ts).
 */
export const webAuditActions = [
  'event.create',
  'event.update',
  'event.delete',
  'session.create',
  'session.update',
  'session.delete',
  'ticket_type.create',
  'ticket_type.update',
  'ticket_type.delete',
  'dead_letter.replay',
  'dead_letter.discard',
  'admin.sign_in',
  'admin.sign_in_failed',
  'admin.sign_out_everywhere',
] as const;
export type WebAuditAction = (typeof webAuditActions)[number];

/** Who made a write and from where. */
export interface AuditActor {
  /** The admin's e-mail, `api-token`, or the e-mail a failed sign-in tried. */
  actor: string;
  /** The socket's address as the web's HTTP front saw it. */
  clientAddress: string;
}

export interface WebAuditEntry {
  action: WebAuditAction;
  targetType: string | null;
  targetId: string | null;
  change: AuditChange;
}

/** The actor a request's admin identity is recorded as. */
export const actorOf = (identity: AdminIdentity): string =>
  identity.kind === 'session' ? identity.email : 'api-token';

/** Records one write; pass the transaction of the write where there is one. */
export async function recordAudit(
  db: Executor,
  who: AuditActor,
  entry: WebAuditEntry,
): Promise<void> {
  await insertAuditRecord(db, auditLog, {
    actor: who.actor,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    change: entry.change,
    clientAddress: who.clientAddress,
  });
}

/**
 * Runs a catalog write and records it in one transaction: a write that fails leaves no entry, and
 * an entry that cannot be written undoes the write. The entry is made from the write's result.
 */
export function audited<T>(
  db: Executor,
  who: AuditActor,
  write: (tx: Executor) => Promise<T>,
  entryOf: (result: T) => WebAuditEntry,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await write(tx);
    await recordAudit(tx, who, entryOf(result));
    return result;
  });
}

/** Longer texts (an event's description) are cut: the entry says what changed, not all of it. */
const MAX_TEXT = 200;

/** The fields of an admin's input as an entry's change: defined ones only, long texts cut. */
export function changeOf(fields: object): AuditChange {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        typeof value === 'string' && value.length > MAX_TEXT
          ? `${value.slice(0, MAX_TEXT)}…`
          : (value as unknown),
      ]),
  );
}

/** An entry whose change is the given fields (an admin's input, what a delete removed). */
export function auditEntry(
  action: WebAuditAction,
  targetType: string,
  targetId: string,
  fields: object,
): WebAuditEntry {
  return { action, targetType, targetId, change: changeOf(fields) };
}

/** `who` as the orders contract takes it (refund, cancel), for orders' own audit entry. */
export const asOrdersActor = (who: AuditActor) => ({
  actor: who.actor,
  client_address: who.clientAddress,
});

/** One page of the web's own entries, newest first. */
export function readWebAuditPage(
  db: Executor,
  query: AuditPageQuery,
): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  return readAuditPage(db, auditLog, query);
}
