import { auditLogTable } from '../shared/audit-log-table';

/** Admin writes the web owns: catalog changes, sign-ins (failed ones too), dead-letter actions. */
export const auditLog = auditLogTable();
