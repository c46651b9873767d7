import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHealthServer } from '../src/health-server';

let alive = true;
let redisUp = true;
let baseUrl = '';
let close = () => Promise.resolve();

beforeAll(async () => {
  const health = await startHealthServer({
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
  baseUrl = `http://127.0.0.1:${health.port}`;
  close = health.close;
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

describe('close', () => {
  it('stops at once although a probe keeps its connection alive', async () => {
    // fetch keeps the connection open for reuse; server.close() alone would wait for it.
    expect((await fetch(`${baseUrl}/healthz`)).status).toBeGreaterThan(0);
    const started = Date.now();
    await close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
    close = () => Promise.resolve();
  });
});
