import { notFound } from '@ticketing/trpc/errors';
import { eventScope } from '../cache/catalog-cache';
import { catalogId } from '../catalog/ids';
import { listCatalogSessions } from '../catalog/sessions';
import { publicProcedure, router } from '../trpc';
import { idInput, sessionListSchema } from './catalog-schemas';

export const sessionsRouter = router({
  listByEvent: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/events/{id}/sessions',
        tags: ['catalog'],
        summary: "An event's sessions with their ticket types and live availability",
        protect: false,
        errorResponses: [404],
      },
    })
    .input(idInput)
    .output(sessionListSchema)
    .query(async ({ ctx, input }) => {
      const eventId = catalogId('event', input.id);
      const sessions = await ctx.cache.read(
        eventScope(eventId),
        `catalog:sessions:${eventId}`,
        () => listCatalogSessions(ctx.db, eventId),
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
    }),
});
