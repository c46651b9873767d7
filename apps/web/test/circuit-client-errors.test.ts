import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { AppError } from '@ticketing/trpc/errors';
import { createInventoryClient } from '@ticketing/trpc/inventory/client';
import type { InventoryContract } from '@ticketing/trpc/inventory/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { guardClient, ServiceUnavailableError } from '../src/server/remote/guarded-client';

/**
 * A stand-in service that answers the next `refusals` calls with a tRPC error of the given status
 * and code, then succeeds: whatever a client's bad input makes a healthy service answer must
 * never open the circuit for everyone else.
 */
let server: http.Server;
let url = '';
let refusal = { status: 400, code: 'validation_error', left: 0 };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      res.setHeader('content-type', 'application/json');
      if (refusal.left > 0) {
        refusal.left -= 1;
        res.statusCode = refusal.status;
        res.end(
          JSON.stringify({
            error: {
              message: 'refused',
              code: -32600,
              data: { code: 'BAD_REQUEST', httpStatus: refusal.status },
              error: refusal.code,
            },
          }),
        );
        return;
      }
      res.end(JSON.stringify({ result: { data: { unpublished: 0, oldest_age_seconds: null } } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const guarded = () =>
  guardClient<InventoryContract>((headers) => createInventoryClient({ url, headers }), {
    service: 'inventory',
    unavailableCode: 'inventory_unavailable',
    timeoutMs: 1_000,
    resetTimeoutMs: 60_000,
  });

let client: ReturnType<typeof guarded>;
beforeEach(() => {
  client?.shutdown();
  client = guarded();
});

describe('the circuit breaker and errors the client caused', () => {
  it.each([
    [400, 'validation_error'],
    [404, 'not_found'],
    [409, 'conflict'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [400, 'parse_error'],
  ])(
    '20 answers %i %s in a row leave it closed; the next good call succeeds',
    async (status, code) => {
      refusal = { status, code, left: 20 };
      for (let i = 0; i < 20; i++) {
        const error = await client.outboxBacklog().catch((caught: unknown) => caught);
        expect(error instanceof AppError || error instanceof ServiceUnavailableError).toBe(true);
        if (error instanceof ServiceUnavailableError) expect(error.outcome).toBe('not_sent');
      }
      expect(client.circuitState()).toBe('closed');
      await expect(client.outboxBacklog()).resolves.toEqual({
        unpublished: 0,
        oldest_age_seconds: null,
      });
    },
  );

  it('5xx answers still open it', async () => {
    refusal = { status: 500, code: 'internal_error', left: 20 };
    for (let i = 0; i < 10; i++) await client.outboxBacklog().catch(() => undefined);
    expect(client.circuitState()).toBe('open');
  });
});
