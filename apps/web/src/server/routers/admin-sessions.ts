import { z } from 'zod';
import { eventScope } from '../cache/catalog-cache';
import { createSession, deleteSession, updateSession } from '../catalog/sessions';
import { adminProcedure, router } from '../trpc';
import { adminSessionSchema } from '../catalog/admin-catalog-schemas';
import { createSessionInput, sessionIdInput, updateSessionInput } from './admin-schemas';

const tags = ['admin'];

export const adminSessionsRouter = router({
  create: adminProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/admin/events/{id}/sessions',
        tags,
        errorResponses: [400, 401, 404],
      },
      successStatus: 201,
    })
    .input(createSessionInput)
    .output(adminSessionSchema)
    .mutation(async ({ ctx, input: { id: eventId, ...fields } }) => {
      const session = await createSession(ctx.db, eventId, fields);
      await ctx.cache.invalidate(eventScope(eventId));
      return session;
    }),

  update: adminProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/admin/sessions/{id}',
        tags,
        errorResponses: [400, 401, 404, 409],
      },
    })
    .input(updateSessionInput)
    .output(adminSessionSchema)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      const session = await updateSession(ctx.db, id, fields);
      await ctx.cache.invalidate(eventScope(session.event_id));
      return session;
    }),

  delete: adminProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/admin/sessions/{id}',
        tags,
        errorResponses: [401, 404, 409],
      },
      successStatus: 204,
    })
    .input(sessionIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const { eventId } = await deleteSession(ctx.db, input.id);
      await ctx.cache.invalidate(eventScope(eventId));
    }),
});
