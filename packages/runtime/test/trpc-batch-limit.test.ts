import type http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHttpFront } from '../src/http-front';
import { createTrpcHandler, MAX_BATCH_SIZE } from '../src/trpc-handler';
import { close, listen, testRouter } from './support';

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = createHttpFront({
    trpc: createTrpcHandler({
      router: testRouter,
      createContext: () => ({}),
      basePath: '/api/trpc',
    }),
  });
  base = await listen(server);
});
afterAll(() => close(server));

/** A batch of `count` mutations in one POST, as httpBatchLink sends it. */
const batchOf = (count: number) =>
  fetch(`${base}/api/trpc/${Array(count).fill('createThing').join(',')}?batch=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { name: `t${i}`, size: 1 }])),
    ),
  });

describe('tRPC batches', () => {
  it('carry at most MAX_BATCH_SIZE calls', async () => {
    const within = await batchOf(MAX_BATCH_SIZE);
    expect(within.status).toBe(200);
    expect(((await within.json()) as unknown[]).length).toBe(MAX_BATCH_SIZE);
  });

  it('a longer batch answers 400 validation_error', async () => {
    const response = await batchOf(200);
    expect(response.status).toBe(400);
    const body = (await response.json()) as unknown;
    const error = (Array.isArray(body) ? body[0] : body) as { error: { error: string } };
    expect(error.error.error).toBe('validation_error');
  });
});
