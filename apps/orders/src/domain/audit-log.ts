import type { Executor } from '@ticketing/db/client';
import { auditLog } from '@ticketing/db/orders/audit-log';
import { insertAuditRecord, readAuditPage } from '@ticketing/db/shared/audit-log-query';
import type { AuditChange } from '@ticketing/db/shared/audit-log-table';
import type {
  AdminActor,
  AuditLogInput,
  AuditLogOutput,
  OrdersAuditAction,
} from '@ticketing/trpc/orders/contract';

/** What a caller that names nobody is recorded as. */
const UNKNOWN = 'unknown';

/** Records an admin's write of an order; `tx` is the transaction of the write. */
export async function recordOrderAudit(
  tx: Executor,
  action: OrdersAuditAction,
  orderId: string,
  change: AuditChange,
  who: AdminActor,
): Promise<void> {
  await insertAuditRecord(tx, auditLog, {
    actor: who.actor ?? UNKNOWN,
    action,
    targetType: 'order',
    targetId: orderId,
    change,
    clientAddress: who.client_address ?? UNKNOWN,
  });
}

/** One page of orders' audit log, newest first. */
export async function listOrderAudit(db: Executor, input: AuditLogInput): Promise<AuditLogOutput> {
  const page = await readAuditPage(db, auditLog, {
    actions: input.actions,
    actorPrefix: input.actor,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    before: input.before,
    limit: input.limit ?? 50,
  });
  return {
    results: page.rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target_type: row.targetType,
      target_id: row.targetId,
      change: row.change,
      client_address: row.clientAddress,
    })),
    has_more: page.hasMore,
  };
}
