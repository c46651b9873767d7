import { notFound } from '@ticketing/trpc/errors';
import { isUuid } from '../catalog/ids';
import { readHold } from '../holds/hold-store';
import { holdSummaryWithOrder } from '../holds/hold-summary';
import { toHoldView } from '../holds/hold-view';
import { placeHold } from '../holds/place-hold';
import { releaseHold } from '../holds/release-hold';
import { publicProcedure, router } from '../trpc';
import { idInput } from './catalog-schemas';
import {
  createHoldInput,
  holdSchema,
  holdSummarySchema,
  placedHoldSchema,
  releasedHoldSchema,
} from './purchase-schemas';

const tags = ['purchase'];

export const holdsRouter = router({
  create: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/holds',
        tags,
        summary: 'Hold seats of a ticket type for HOLD_TTL_SECONDS',
        description:
          '409 `insufficient_inventory` carries `available`; 503 `inventory_unavailable` when the ' +
          'seats cannot be reserved right now.',
        protect: false,
        errorResponses: [400, 404, 409, 503],
      },
      successStatus: 201,
    })
    .input(createHoldInput)
    .output(placedHoldSchema)
    .mutation(({ ctx, input }) => placeHold(ctx, input)),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/holds/{id}',
        tags,
        summary: 'One hold',
        protect: false,
        errorResponses: [404],
      },
    })
    .input(idInput)
    .output(holdSchema)
    .query(async ({ ctx, input }) => {
      const hold = isUuid(input.id) ? await readHold(ctx.db, input.id.toLowerCase()) : undefined;
      if (!hold) throw notFound('hold', input.id);
      return toHoldView(hold);
    }),

  release: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/holds/{id}',
        tags,
        summary: 'Give an active hold up; its seats return',
        protect: false,
        errorResponses: [404, 409],
      },
    })
    .input(idInput)
    .output(releasedHoldSchema)
    .mutation(({ ctx, input }) => releaseHold(ctx.db, input.id.toLowerCase())),

  summary: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/holds/{id}/summary',
        tags,
        summary: 'One hold with its event, session, ticket type, unit price and total',
        protect: false,
        errorResponses: [404],
      },
    })
    .input(idInput)
    .output(holdSummarySchema)
    .query(({ ctx, input }) => holdSummaryWithOrder(ctx, input.id)),
});
