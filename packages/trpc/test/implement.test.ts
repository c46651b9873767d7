import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Contract } from '../src/contract';
import { AppError } from '../src/errors';
import { idempotencyKeyHeaders, requireIdempotencyKey } from '../src/schemas/idempotency-key';
import { pathIdOf, uuidParam } from '../src/schemas/ids';
import { createImplement } from '../src/server/implement';
import { formatError, type Meta, rethrowAppError } from '../src/server/procedure-helpers';
import { createServiceServer } from '@ticketing/runtime/service-server';

const thing = z.object({ id: z.string(), name: z.string(), size: z.number() });
const contract = {
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

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const found = (ctx: Context, id: string) => {
  const name = ctx.names.get(id);
  if (name === undefined) throw new AppError('not_found', `thing ${id} not found`);
  return name;
};

const router = implement(contract, {
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
const caller = t.createCallerFactory(router)({ names });
const server = createServiceServer({
  router,
  createContext: ({ req }) => {
    const key = req.headers['idempotency-key'];
    return { names, idempotencyKey: Array.isArray(key) ? key[0] : key };
  },
  readiness: {},
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = async (
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

interface ProcedureDef {
  type: string;
  inputs: unknown[];
  output?: unknown;
  meta?: Meta;
}
const defs = router._def.procedures as Record<string, { _def: ProcedureDef }>;

describe('implement(contract, handlers)', () => {
  it('builds one procedure per entry with its kind, schemas and REST meta', () => {
    expect(Object.keys(defs).sort()).toEqual(Object.keys(contract).sort());
    for (const [name, entry] of Object.entries(contract)) {
      expect(defs[name]?._def.type, name).toBe(entry.kind);
      expect(defs[name]?._def.inputs, name).toEqual([entry.input]);
      expect(defs[name]?._def.output, name).toBe(entry.output);
    }
    expect(defs.getThing?._def.meta).toEqual({
      openapi: { method: 'GET', path: '/things/{id}', tags: ['things'] },
    });
    expect(defs.resizeThing?._def.meta).toEqual({
      openapi: { method: 'POST', path: '/things/{id}/resize' },
      successStatus: 201,
    });
    expect(defs.countThings?._def.meta).toBeUndefined();
  });

  it('types handlers and the router from the contract', () => {
    expectTypeOf(router.getThing._def.type).toEqualTypeOf<'query'>();
    expectTypeOf(router.resizeThing._def.type).toEqualTypeOf<'mutation'>();
    expectTypeOf<typeof router.resizeThing._def.$types.input>().toEqualTypeOf<{
      id: string;
      size: number;
    }>();
    expectTypeOf<typeof router.countThings._def.$types.output>().toEqualTypeOf<number>();
    expectTypeOf(caller.getThing).parameter(0).toEqualTypeOf<{ id: string }>();
  });

  it('serves the REST routes with the contract’s success status', async () => {
    expect(await request('GET', `/things/${ID}`)).toEqual({
      status: 200,
      body: { id: ID, name: 'one', size: 1 },
    });
    expect(await request('POST', `/things/${ID}/resize`, { size: 3 })).toEqual({
      status: 201,
      body: { id: ID, name: 'one', size: 3 },
    });
  });
});
