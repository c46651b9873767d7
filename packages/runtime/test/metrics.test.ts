import { createLogger } from '@ticketing/log/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHttpFront } from '../src/http-front';
import { createProcessMetrics } from '../src/metrics';
import { parseMetrics, scrapeMetrics } from '../src/metrics-scrape';
import { createProcessContext, type ProcessContext } from '../src/process-context';
import { createServiceServer } from '../src/service-server';
import { close, listen, testRouter } from './support';

const silent = createLogger('metrics-test', 'silent');

describe('/metrics of a process', () => {
  let context: ProcessContext;
  let api: string;
  let health: string;
  beforeAll(async () => {
    context = createProcessContext({ name: 'metrics-test', logger: silent });
    context.database({ url: 'postgres://127.0.0.1:1/ticketing_none', poolSize: 1 });
    const server = createServiceServer({
      router: testRouter,
      createContext: () => ({}),
      readiness: {},
    });
    api = `http://127.0.0.1:${await context.serve(server, 0)}`;
    health = `http://127.0.0.1:${await context.serveHealth(0)}`;
  });
  afterAll(() => context.stop());

  it('serves the text format with default process metrics labelled with the process', async () => {
    const scrape = await scrapeMetrics(api);
    expect(
      scrape.value('process_cpu_user_seconds_total', { process: 'metrics-test' }),
    ).toBeGreaterThan(0);
    expect(scrape.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(scrape.value('db_pool_connections', { pool: 'ticketing_none', state: 'total' })).toBe(0);
    expect(scrape.samples.some((sample) => sample.name === 'db_pool_connections')).toBe(true);
  });

  it('times requests by route template, procedure and status, never by raw URL', async () => {
    const before = await scrapeMetrics(api);
    expect((await fetch(`${api}/things/1`)).status).toBe(200);
    expect((await fetch(`${api}/things/42`)).status).toBe(404);
    expect(
      (await fetch(`${api}/trpc/nested.echo?input=${encodeURIComponent('{"text":"x"}')}`)).status,
    ).toBe(200);
    expect((await fetch(`${api}/trpc/no.such.procedure`)).status).toBe(404);
    expect((await fetch(`${api}/random/path/8f1c`)).status).toBe(404);
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    const after = await scrapeMetrics(api);
    const count = 'http_request_duration_seconds_count';
    const moved = (labels: Record<string, string>) =>
      after.value(count, labels) - before.value(count, labels);

    expect(moved({ method: 'GET', route: '/things/{id}', status: '200' })).toBe(1);
    expect(moved({ method: 'GET', route: '/things/{id}', status: '404' })).toBe(1);
    expect(moved({ method: 'GET', route: 'nested.echo', status: '200' })).toBe(1);
    expect(moved({ method: 'GET', route: 'trpc_unknown', status: '404' })).toBe(1);
    expect(moved({ method: 'GET', route: 'not_found', status: '404' })).toBe(1);
    expect(moved({ method: 'GET', route: 'health', status: '200' })).toBe(1);
    const routes = new Set(after.samples.map((sample) => sample.labels.route).filter(Boolean));
    for (const route of routes) expect(route).not.toMatch(/42|8f1c|random|no\.such/);
    // Scrapes are not counted in the histogram they read.
    expect([...routes]).not.toContain('/metrics');
  });

  it('serves the same registry on the health front of a worker', async () => {
    context.metrics.counter('widgets_total', 'widgets', ['kind']).inc({ kind: 'blue' }, 2);
    const scrape = await scrapeMetrics(health);
    expect(scrape.value('widgets_total', { kind: 'blue', process: 'metrics-test' })).toBe(2);
    expect(scrape.has('http_request_duration_seconds')).toBe(true);
  });

  it('reads gauges at scrape time, an unreachable source leaving the gauge empty', async () => {
    let depth = 3;
    context.metrics.gauge('things_waiting', 'things', ['queue'], (set) =>
      set({ queue: 'q' }, depth),
    );
    context.metrics.gauge('things_broken', 'broken', ['queue'], (set) => {
      set({ queue: 'q' }, 1);
      throw new Error('down');
    });
    expect((await scrapeMetrics(api)).value('things_waiting', { queue: 'q' })).toBe(3);
    depth = 5;
    const scrape = await scrapeMetrics(api);
    expect(scrape.value('things_waiting', { queue: 'q' })).toBe(5);
    expect(scrape.samples.some((sample) => sample.name === 'things_broken')).toBe(false);
  });
});

describe('a bare front', () => {
  it('answers /metrics only when given metrics; 404 otherwise', async () => {
    const bare = createHttpFront({});
    const url = await listen(bare);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    await close(bare);

    const metrics = createProcessMetrics('bare');
    const front = createHttpFront({ metrics: metrics.front });
    const frontUrl = await listen(front);
    await fetch(`${frontUrl}/readyz`);
    const text = await (await fetch(`${frontUrl}/metrics`)).text();
    const samples = parseMetrics(text);
    expect(
      samples.find(
        (sample) =>
          sample.name === 'http_request_duration_seconds_count' && sample.labels.route === 'health',
      )?.value,
    ).toBe(1);
    await close(front);
  });
});
