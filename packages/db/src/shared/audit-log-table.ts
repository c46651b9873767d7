import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

import { id, timestamptz } from './columns';

/** What an audited write changed: a few fields, never a password or a token. */
export type AuditChange = Record<string, unknown>;

/**
 * The admin audit log, one table in each database that owns admin writes (ticketing_main: catalog,
 * sign-ins, dead letters; ticketing_orders: refunds and cancellations), so a row is written in the
 * transaction of the change it records. `change` is a small JSON of what changed, never a secret.
 */
export const auditLogTable = () =>
  pgTable(
    'audit_log',
    {
      id: id(),
      // The instant of the write, not of its transaction's start (now()).
      at: timestamptz('at')
        .notNull()
        .default(sql`clock_timestamp()`),
      /** The admin's e-mail, `api-token` for ADMIN_API_TOKEN, or the e-mail a failed sign-in tried. */
      actor: text('actor').notNull(),
      action: text('action').notNull(),
      targetType: text('target_type'),
      targetId: text('target_id'),
      change: jsonb('change').$type<AuditChange>().notNull().default({}),
      /** The client's address as the web's HTTP front saw the socket. */
      clientAddress: text('client_address').notNull(),
    },
    (t) => [
      // Newest first, keyset on (at, id) read backwards; the action filter has its own slice.
      index('audit_log_at_id_idx').on(t.at, t.id),
      index('audit_log_action_at_id_idx').on(t.action, t.at, t.id),
      // The actor filter is a case-insensitive prefix (LIKE 'q%').
      index('audit_log_actor_prefix_idx').on(sql`lower(${t.actor}) text_pattern_ops`),
    ],
  );

export type AuditLogTable = ReturnType<typeof auditLogTable>;
