import { z } from 'zod';

import { inventoryRows } from '../admin/dashboard-stats';
import { adminProcedure, router } from '../trpc';
import { eventFilterInput, inventoryRowSchema } from './admin-dashboard-schemas';

export const adminInventoryRouter = router({
  items: adminProcedure
    .input(eventFilterInput)
    .output(z.array(inventoryRowSchema))
    .query(({ ctx, input }) => inventoryRows(ctx, input.event_id)),
});
