import type { AddressInfo } from 'node:net';

import { createServiceServer } from '@ticketing/runtime/service-server';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';

import type { Contract } from '../../src/contract';
import { AppError } from '../../src/errors';
import { idempotencyKeyHeaders, requireIdempotencyKey } from '../../src/schemas/idempotency-key';
import { pathIdOf, uuidParam } from '../../src/schemas/ids';
import { createImplement } from '../../src/server/implement';
import { formatError, type Meta, rethrowAppError } from '../../src/server/procedure-helpers';

/**
 * A small service built the way inventory and orders are (a contract, implement(), the shared
 * HTTP server), for the tests of implement() and the id pieces. The server comes from
 * @ticketing/runtime, which depends on this package: a test-only import through the workspace link.
 */
const thing = z.object({ id: z.string(), name: z.string(), size: z.number() });
export const contract = {
  getThing: {
    kind: 'query',
    input: z.object({ id: pathIdOf('thing') }),
    output: thing,
    rest: { method: 'GET', path: '/things/{id}', tags: ['things'] },
  },
  resizeThing: {
    kind: 'mutation',
    input: z.object({ id: pathIdOf('thing'), size: z.number().int().positive() }),
    output: thing,
    rest: { method: 'POST', path: '/things/{id}/resize', successStatus: 201 },
  },
  createThing: {
    kind: 'mutation',
    input: z.object({ owner_id: uuidParam, idempotency_key: z.string().optional() }),
    output: z.object({ owner_id: z.string(), key: z.string() }),
    rest: { method: 'POST', path: '/things', requestHeaders: idempotencyKeyHeaders },
  },
  countThings: { kind: 'query', input: z.void(), output: z.number().int() },
} as const satisfies Contract;

interface Context {
  names: Map<string, string>;
  idempotencyKey?: string;
}

const t = initTRPC.context<Context>().meta<Meta>().create({ errorFormatter: formatError });
const procedure = t.procedure.use(async ({ next }) => rethrowAppError(await next()));
const implement = createImplement(t.router, procedure);

export const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const found = (ctx: Context, id: string) => {
  const name = ctx.names.get(id);
  if (name === undefined) throw new AppError('not_found', `thing ${id} not found`);
  return name;
};

export const router = implement(contract, {
  getThing: ({ ctx, input }) => ({ id: input.id, name: found(ctx, input.id), size: 1 }),
  resizeThing: async ({ ctx, input }) => ({
    id: input.id,
    name: found(ctx, input.id),
    size: input.size,
  }),
  createThing: ({ ctx, input }) => ({
    owner_id: input.owner_id,
    key: requireIdempotencyKey(input.idempotency_key, ctx.idempotencyKey),
  }),
  countThings: ({ ctx }) => ctx.names.size,
});

const names = new Map([[ID, 'one']]);
export const caller = t.createCallerFactory(router)({ names });
export const server = createServiceServer({
  router,
  createContext: ({ req }) => {
    const key = req.headers['idempotency-key'];
    return { names, idempotencyKey: Array.isArray(key) ? key[0] : key };
  },
  readiness: {},
});
let baseUrl = '';

/** Where the service listens, once useThingsServer's beforeAll has run. */
export const serviceUrl = () => baseUrl;

/** Starts the service for the calling test file. */
export function useThingsServer() {
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

export const request = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
