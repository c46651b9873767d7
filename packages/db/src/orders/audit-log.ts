import { auditLogTable } from '../shared/audit-log-table';

/** Admin writes of orders: refunds and cancellations, in the transaction of the order's change. */
export const auditLog = auditLogTable();
