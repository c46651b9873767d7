import { storefrontContract } from '@ticketing/trpc/public/contract';

import { listUpcomingEvents, sumAvailability } from '../catalog/upcoming-events';
import { implement } from '../trpc';

/** Reads shaped for the storefront's pages; tRPC only, so the REST contract stays as it is. */
export const storefrontRouter = implement(storefrontContract, {
  /** Event cards of the home page: next date, "from" price and live availability. */
  upcoming: async ({ ctx, input }) => {
    const page = await listUpcomingEvents(ctx.db, {
      q: input.q,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
      cursor: input.cursor,
      limit: input.limit,
    });
    const available = sumAvailability(page, await ctx.inventory.getAvailability(page.ticketTypes));
    return {
      results: page.results.map((event) => ({
        ...event,
        available: available.get(event.id) ?? 0,
      })),
      next_cursor: page.next_cursor,
    };
  },
});
