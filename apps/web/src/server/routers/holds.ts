import { notFound } from '@ticketing/trpc/errors';
import { holdsContract } from '@ticketing/trpc/public/contract';

import { readHold } from '../holds/hold-store';
import { holdSummaryWithOrder } from '../holds/hold-summary';
import { toHoldView } from '../holds/hold-view';
import { placeHold } from '../holds/place-hold';
import { releaseHold } from '../holds/release-hold';
import { implement } from '../trpc';

/** The contract's hold ids arrive lower-cased; a malformed one has already answered 404. */
export const holdsRouter = implement(holdsContract, {
  create: async ({ ctx, input }) => {
    await ctx.purchaseLimiter.consume('hold', ctx.clientAddress);
    return placeHold(ctx, input);
  },

  get: async ({ ctx, input: { id } }) => {
    const hold = await readHold(ctx.db, id);
    if (!hold) throw notFound('hold', id);
    return toHoldView(hold);
  },

  release: ({ ctx, input }) => releaseHold(ctx.db, input.id),

  summary: ({ ctx, input }) => holdSummaryWithOrder(ctx, input.id),
});
