import type http from 'node:http';
import type { AddressInfo } from 'node:net';

import { AppError } from '@ticketing/trpc/errors';
import { formatError, type Meta, rethrowAppError } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';

/** A small service router: a query, mutations, domain and internal errors, a nested router. */
const t = initTRPC
  .context<{ requestId?: string }>()
  .meta<Meta>()
  .create({ errorFormatter: formatError });
const procedure = t.procedure.use(async ({ next }) => rethrowAppError(await next()));
export const thing = z.object({ id: z.string(), name: z.string() });

export const testRouter = t.router({
  getThing: procedure
    .meta({ openapi: { method: 'GET', path: '/things/{id}' } })
    .input(z.object({ id: z.string() }))
    .output(thing)
    .query(({ input }) => {
      if (input.id === 'boom') throw new Error('database password is hunter2');
      if (input.id !== '1') throw new AppError('not_found', `thing ${input.id} not found`);
      return { id: '1', name: 'one' };
    }),
  createThing: procedure
    .meta({ openapi: { method: 'POST', path: '/things' }, successStatus: 201 })
    .input(z.object({ name: z.string().min(1), size: z.number().int().positive() }))
    .output(thing)
    .mutation(({ input }) => ({ id: '2', name: input.name })),
  expireThing: procedure
    .meta({ openapi: { method: 'POST', path: '/things/{id}/expire' } })
    .input(z.object({ id: z.string() }))
    .output(z.object({ ok: z.boolean() }))
    .mutation(({ input }) => {
      throw new AppError('hold_expired', `thing ${input.id} expired`, {
        expired_at: '2026-01-01T00:00:00.000Z',
      });
    }),
  nested: t.router({
    echo: procedure
      .input(z.object({ text: z.string() }).optional())
      .output(z.object({ text: z.string(), requestId: z.string().optional() }))
      .query(({ input, ctx }) => ({ text: input?.text ?? '', requestId: ctx.requestId })),
  }),
});

export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
