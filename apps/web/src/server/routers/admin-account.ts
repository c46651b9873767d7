import { AppError } from '@ticketing/trpc/errors';
import { z } from 'zod';

import { recordAudit } from '../admin/audit-log';
import { endAllSessions } from '../auth/admin-users';
import { adminProcedure, router } from '../trpc';

export const adminAccountRouter = router({
  /**
   * Ends every session of the signed-in admin (all browsers and devices): the epoch is raised, so
   * each session token issued before is refused from now on. The API token is not a session.
   */
  signOutEverywhere: adminProcedure
    .output(z.object({ ended: z.literal(true) }))
    .mutation(({ ctx }) => {
      const identity = ctx.adminIdentity;
      if (identity.kind !== 'session') {
        throw new AppError('validation_error', 'Only a signed-in admin can sign out everywhere');
      }
      return ctx.db.transaction(async (tx) => {
        const user = await endAllSessions(tx, { email: identity.email });
        if (!user) throw new AppError('not_found', 'Admin not found');
        await recordAudit(tx, ctx.auditActor, {
          action: 'admin.sign_out_everywhere',
          targetType: 'admin_user',
          targetId: user.id,
          change: { session_epoch: user.sessionEpoch },
        });
        return { ended: true as const };
      });
    }),
});
