import type { AddressInfo } from 'node:net';

import { createContractClient } from '@ticketing/trpc/contract';
import { AppError } from '@ticketing/trpc/errors';
import { formatError, type Meta, rethrowAppError } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createServiceServer } from '../src/service-server';

const thing = z.object({ id: z.string(), name: z.string() });
const contract = {
  getThing: { kind: 'query', input: z.object({ id: z.string() }), output: thing },
  createThing: {
    kind: 'mutation',
    input: z.object({ name: z.string().min(1), size: z.number().int().positive() }),
    output: thing,
  },
  expireThing: {
    kind: 'mutation',
    input: z.object({ id: z.string() }),
    output: z.object({ ok: z.boolean() }),
  },
} as const;

const t = initTRPC.meta<Meta>().create({ errorFormatter: formatError });
const procedure = t.procedure.use(async ({ next }) => rethrowAppError(await next()));
const router = t.router({
  getThing: procedure
    .meta({ openapi: { method: 'GET', path: '/things/{id}' } })
    .input(contract.getThing.input)
    .output(contract.getThing.output)
    .query(({ input }) => {
      if (input.id === 'boom') throw new Error('database password is hunter2');
      if (input.id !== '1') throw new AppError('not_found', `thing ${input.id} not found`);
      return { id: '1', name: 'one' };
    }),
  createThing: procedure
    .meta({ openapi: { method: 'POST', path: '/things' }, successStatus: 201 })
    .input(contract.createThing.input)
    .output(contract.createThing.output)
    .mutation(({ input }) => ({ id: '2', name: input.name })),
  expireThing: procedure
    .meta({ openapi: { method: 'POST', path: '/things/{id}/expire' } })
    .input(contract.expireThing.input)
    .output(contract.expireThing.output)
    .mutation(({ input }) => {
      throw new AppError('hold_expired', `thing ${input.id} expired`, {
        expired_at: '2026-01-01T00:00:00.000Z',
      });
    }),
});

let baseUrl = '';
let redisUp = true;
const server = createServiceServer({
  router,
  createContext: () => ({}),
  readiness: {
    database: async () => true,
    redis: async () => {
      if (!redisUp) throw new Error('down');
    },
  },
});

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

describe('REST routes of the procedures', () => {
  it('answers success with the meta status', async () => {
    expect(await request('GET', '/things/1')).toEqual({
      status: 200,
      body: { id: '1', name: 'one' },
    });
    expect(await request('POST', '/things', { name: 'two', size: 3 })).toEqual({
      status: 201,
      body: { id: '2', name: 'two' },
    });
  });

  it('turns a domain error into the contract body with its exact status', async () => {
    expect(await request('GET', '/things/9')).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'thing 9 not found' },
    });
    expect(await request('POST', '/things/7/expire')).toEqual({
      status: 410,
      body: {
        error: 'hold_expired',
        message: 'thing 7 expired',
        expired_at: '2026-01-01T00:00:00.000Z',
      },
    });
  });

  it('names every invalid field in a 400', async () => {
    const { status, body } = await request('POST', '/things', { name: '', size: -1 });
    expect(status).toBe(400);
    expect(body.error).toBe('validation_error');
    expect(Object.keys(body.fields as object).sort()).toEqual(['name', 'size']);
    expect(body.message).toMatch(/name: .*; size: /);
  });

  it('never coerces JSON body values (null, "", true, "5" are not numbers)', async () => {
    for (const size of [null, '', true, '5', []]) {
      const { status, body } = await request('POST', '/things', { name: 'x', size });
      expect(status, `size ${JSON.stringify(size)}`).toBe(400);
      expect(body.fields).toHaveProperty('size');
    }
    // The REST route must not have made the shared schema coerce on the tRPC path either.
    const viaTrpc = createContractClient(contract, { url: baseUrl });
    const error = await viaTrpc
      .createThing({ name: 'x', size: '5' as unknown as number })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'validation_error' });
  });

  it('answers malformed JSON with a 400, and charset-suffixed JSON is accepted', async () => {
    const bad = await fetch(`${baseUrl}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('parse_error');

    const ok = await fetch(`${baseUrl}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: 'x', size: 1 }),
    });
    expect(ok.status).toBe(201);
  });

  it('hides the cause of an internal error', async () => {
    const { status, body } = await request('GET', '/things/boom');
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'internal_error', message: 'Internal server error' });
  });

  it('answers an unknown path with a 404 JSON error', async () => {
    const { status, body } = await request('GET', '/nowhere');
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
  });
});

describe('typed contract client over tRPC', () => {
  const client = () => createContractClient(contract, { url: baseUrl });

  it('calls procedures and validates the output', async () => {
    expect(await client().getThing({ id: '1' })).toEqual({ id: '1', name: 'one' });
  });

  it('gives domain errors back as AppError with code and details', async () => {
    const error = await client()
      .expireThing({ id: '3' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'hold_expired',
      status: 410,
      details: { expired_at: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('keeps transport failures apart from domain errors', async () => {
    const down = createContractClient(contract, { url: 'http://127.0.0.1:9' });
    const error = await down.getThing({ id: '1' }).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('health endpoints', () => {
  it('healthz says the process is up; readyz reflects its dependencies', async () => {
    expect(await request('GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await request('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
    redisUp = false;
    expect(await request('GET', '/readyz')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'ok', redis: 'down' } },
    });
    redisUp = true;
  });
});
