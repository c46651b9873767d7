import http from 'node:http';

import { createLogger } from '@ticketing/log/logger';
import { describe, expect, it } from 'vitest';

import { createProcessContext, ShutdownTimeoutError } from '../src/process-context';

const silent = createLogger('process-context-test', 'silent');

describe('the ordered shutdown', () => {
  it('drains API fronts, stops steps last-first, then health fronts, then pools', async () => {
    const context = createProcessContext({ name: 'test-process', logger: silent });
    const order: string[] = [];
    const db = context.database({ url: 'postgres://127.0.0.1:1/none', poolSize: 1 });
    const api = http.createServer((_req, res) => res.end('ok'));
    api.on('close', () => order.push('api front'));
    await context.serve(api, 0);
    const healthPort = await context.serveHealth(0);
    context.onStop('publisher', () => void order.push('publisher'));
    context.onStop('relay', async () => {
      order.push('relay');
      // The health front still answers while the steps run, and says the process is stopping.
      const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      order.push(`healthz ${health.status}`);
    });
    context.onStop('consumer', () => void order.push('consumer'));

    expect(context.isStopping()).toBe(false);
    const stopped = context.stop();
    expect(context.isStopping()).toBe(true);
    expect(context.stop()).toBe(stopped);
    await stopped;
    order.push(db.$client.ended ? 'pool ended' : 'pool open');
    expect(order).toEqual([
      'api front',
      'consumer',
      'relay',
      'healthz 503',
      'publisher',
      'pool ended',
    ]);
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
  });

  it('runs every step although one fails, then rejects', async () => {
    const context = createProcessContext({ name: 'test-process', logger: silent });
    const ran: string[] = [];
    context.onStop('first', () => void ran.push('first'));
    context.onStop('broken', () => {
      throw new Error('cannot close');
    });
    context.onStop('last', () => void ran.push('last'));
    await expect(context.stop()).rejects.toBeInstanceOf(AggregateError);
    expect(ran).toEqual(['last', 'first']);
  });

  it('rejects with a timeout when a step hangs past the one deadline', async () => {
    const context = createProcessContext({
      name: 'test-process',
      logger: silent,
      shutdownTimeoutMs: 200,
    });
    context.onStop('hangs', () => new Promise(() => {}));
    const started = Date.now();
    await expect(context.stop()).rejects.toBeInstanceOf(ShutdownTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });
});
