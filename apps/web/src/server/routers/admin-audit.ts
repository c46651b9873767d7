import { listAuditTrail } from '../admin/audit-trail';
import { adminProcedure, router } from '../trpc';
import { auditListInput, auditPageSchema } from './admin-audit-schemas';

export const adminAuditRouter = router({
  /** The audit log, newest first: the web's entries and orders' refunds and cancels, merged. */
  list: adminProcedure
    .input(auditListInput)
    .output(auditPageSchema)
    .query(({ ctx, input }) => listAuditTrail(ctx.db, ctx.orders, input)),
});
