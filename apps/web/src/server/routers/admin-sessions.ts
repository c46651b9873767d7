import { z } from 'zod';

import { audited, auditEntry } from '../admin/audit-log';
import { eventScope } from '../cache/catalog-cache';
import { adminSessionSchema } from '../catalog/admin-catalog-schemas';
import { createSession, deleteSession, updateSession } from '../catalog/sessions';
import { adminProcedure, router } from '../trpc';
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
      const session = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => createSession(tx, eventId, fields),
        (created) =>
          auditEntry('session.create', 'session', created.id, { event_id: eventId, ...fields }),
      );
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
      const session = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => updateSession(tx, id, fields),
        () => auditEntry('session.update', 'session', id, fields),
      );
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
      const { eventId } = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => deleteSession(tx, input.id),
        (deleted) =>
          auditEntry('session.delete', 'session', input.id, {
            event_id: deleted.eventId,
            starts_at: deleted.startsAt.toISOString(),
          }),
      );
      await ctx.cache.invalidate(eventScope(eventId));
    }),
});
