import { notFound } from '@ticketing/trpc/errors';
import { eventsContract } from '@ticketing/trpc/public/contract';

import { eventListKey, eventScope } from '../cache/catalog-cache';
import { findEvent, listEvents } from '../catalog/events';
import { implement } from '../trpc';

/** The contract's event ids arrive lower-cased, the spelling cache keys and invalidation share. */
export const eventsRouter = implement(eventsContract, {
  list: async ({ ctx, input }) => {
    const page = await ctx.cache.read('events', eventListKey(input), () =>
      listEvents(ctx.db, input),
    );
    return page ?? { results: [], next_cursor: null };
  },

  byId: async ({ ctx, input: { id } }) => {
    const event = await ctx.cache.read(eventScope(id), `catalog:event:${id}`, () =>
      findEvent(ctx.db, id),
    );
    if (!event) throw notFound('event', id);
    return event;
  },
});
