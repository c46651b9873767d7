import { notFound } from '@ticketing/trpc/errors';
import { sessionsContract } from '@ticketing/trpc/public/contract';

import { eventScope } from '../cache/catalog-cache';
import { listCatalogSessions } from '../catalog/sessions';
import { implement } from '../trpc';

export const sessionsRouter = implement(sessionsContract, {
  listByEvent: async ({ ctx, input: { id: eventId } }) => {
    const sessions = await ctx.cache.read(eventScope(eventId), `catalog:sessions:${eventId}`, () =>
      listCatalogSessions(ctx.db, eventId),
    );
    if (!sessions) throw notFound('event', eventId);
    // The catalog is cached; availability changes with every hold, so it is merged in live.
    const available = await ctx.inventory.getAvailability(
      sessions.flatMap((session) =>
        session.ticket_types.map((type) => ({ ...type, sessionId: session.id })),
      ),
    );
    return {
      results: sessions.map((session) => ({
        ...session,
        ticket_types: session.ticket_types.map((type) => ({
          ...type,
          available: available.get(type.id) ?? type.quantity,
        })),
      })),
    };
  },
});
