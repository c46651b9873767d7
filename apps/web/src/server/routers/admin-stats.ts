import { dashboardStats } from '../admin/dashboard-stats';
import { adminProcedure, router } from '../trpc';
import { statsInput, statsSchema } from './admin-dashboard-schemas';

export const adminStatsRouter = router({
  overview: adminProcedure
    .input(statsInput)
    .output(statsSchema)
    .query(({ ctx, input }) => dashboardStats(ctx, { eventId: input.event_id, days: input.days })),
});
