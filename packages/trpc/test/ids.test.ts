import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Contract, createContractClient } from '../src/contract';
import { AppError } from '../src/errors';
import { idempotencyKeyHeaders, requireIdempotencyKey } from '../src/schemas/idempotency-key';
import { isUuid, pathIdOf, uuidParam } from '../src/schemas/ids';
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

describe('ids', () => {
  it('has one UUID pattern, any case', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(ID.toUpperCase())).toBe(true);
    expect(isUuid(`${ID}0`)).toBe(false);
    expect(isUuid('123e4567-e89b-12d3-a456-42661417400z')).toBe(false);
  });

  it('lower-cases a path id and a UUID param', async () => {
    expect(await caller.getThing({ id: ID.toUpperCase() })).toMatchObject({ id: ID });
    expect(
      await caller.createThing({ owner_id: ID.toUpperCase(), idempotency_key: 'k-1' }),
    ).toEqual({ owner_id: ID, key: 'k-1' });
  });

  it('answers a malformed path id with the 404 of an unknown one, over REST, tRPC and in-process', async () => {
    for (const id of ['nope', '123e4567-e89b-12d3-a456-42661417400z', "1'%20or%20'1'='1"]) {
      const { status, body } = await request('GET', `/things/${id}`);
      expect(status, id).toBe(404);
      expect(body.error, id).toBe('not_found');
    }
    expect(await request('GET', '/things/nope')).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'thing nope not found' },
    });
    const client = createContractClient(contract, { url: baseUrl });
    await expect(client.getThing({ id: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'thing nope not found',
    });
    await expect(caller.getThing({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 400 naming only the other fields when a malformed id comes with other faults', async () => {
    const { status, body } = await request('POST', '/things/nope/resize', { size: -1 });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_error', fields: { size: expect.any(String) } });
    expect(Object.keys(body.fields as object)).toEqual(['size']);
  });

  it('answers 400 for a path id longer than any id', async () => {
    const { status, body } = await request('GET', `/things/${'a'.repeat(101)}`);
    expect(status).toBe(400);
    expect(body.fields).toHaveProperty('id');
  });

  it('answers 400 for a malformed UUID param', async () => {
    const { status, body } = await request(
      'POST',
      '/things',
      { owner_id: 'abc' },
      { 'idempotency-key': 'k' },
    );
    expect(status).toBe(400);
    expect(body.fields).toHaveProperty('owner_id');
  });
});

describe('requireIdempotencyKey', () => {
  it('takes the input, else the header', async () => {
    expect(requireIdempotencyKey('a', 'b')).toBe('a');
    expect(requireIdempotencyKey(undefined, 'b')).toBe('b');
    expect(
      await request('POST', '/things', { owner_id: ID }, { 'idempotency-key': 'from-header' }),
    ).toEqual({ status: 200, body: { owner_id: ID, key: 'from-header' } });
  });

  it('answers 400 naming the header when it is missing or malformed', async () => {
    expect(await request('POST', '/things', { owner_id: ID })).toEqual({
      status: 400,
      body: {
        error: 'validation_error',
        message: 'Invalid input: Idempotency-Key: required',
        fields: { 'Idempotency-Key': 'required' },
      },
    });
    const spaced = await request('POST', '/things', { owner_id: ID, idempotency_key: 'a b' });
    expect(spaced).toMatchObject({
      status: 400,
      body: { fields: { 'Idempotency-Key': 'must be printable ASCII without spaces' } },
    });
  });
});
