import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer } from '../src/server/health-server';

let alive = true;
let redisUp = true;
let baseUrl = '';
let close = () => Promise.resolve();

beforeAll(async () => {
  const { server, port } = await startHealthServer({
    port: 0,
    alive: () => alive,
    readiness: {
      database: async () => true,
      redis: async () => {
        if (!redisUp) throw new Error('redis down');
        return true;
      },
    },
  });
  baseUrl = `http://127.0.0.1:${port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(() => close());

describe('startHealthServer', () => {
  it('answers /healthz with ok while alive and 503 stopping afterwards', async () => {
    alive = true;
    const up = await fetch(`${baseUrl}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok' });

    alive = false;
    const stopping = await fetch(`${baseUrl}/healthz`);
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toEqual({ status: 'stopping' });
    alive = true;
  });

  it('answers /readyz with 200 when every check passes and 503 naming the failing one', async () => {
    redisUp = true;
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });

    redisUp = false;
    const unavailable = await fetch(`${baseUrl}/readyz`);
    expect(unavailable.status).toBe(503);
    const body = (await unavailable.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe('unavailable');
    expect(body.checks).toEqual({ database: 'ok', redis: 'down' });
    redisUp = true;
  });

  it('answers any other path with a JSON 404', async () => {
    const res = await fetch(`${baseUrl}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', message: 'not found' });
  });
});
