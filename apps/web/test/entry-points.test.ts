import { afterAll, beforeAll, describe, expect, inject,it } from 'vitest';

import { startProcess } from './support/service-process';
import { TEST_RABBITMQ_URL, testExchange } from './support/test-exchange';
import { startTestWeb, TEST_REDIS_URL, type TestWeb } from './support/web-test-server';

/**
 * The two entry points as the e2e suite and production start them: from the environment alone,
 * answering their health URL, stopping cleanly on SIGTERM.
 */

let web: TestWeb;
let env: Record<string, string>;
const exchange = testExchange();

beforeAll(async () => {
  // Only for the migrated, emptied test database and its URL.
  web = await startTestWeb();
  await web.reset();
  env = {
    RABBITMQ_URL: TEST_RABBITMQ_URL,
    EVENTS_EXCHANGE: exchange.name,
    DATABASE_URL_MAIN: web.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    INVENTORY_URL: inject('inventoryUrl'),
    ORDERS_URL: inject('ordersUrl'),
    DB_POOL_SIZE: '2',
  };
});
afterAll(async () => {
  await web.close();
  await exchange.remove();
});

describe('entry points', () => {
  it('src/server/main.ts with WEB_PAGES=false serves the API without Next, 404 JSON elsewhere', async () => {
    const server = await startProcess({
      app: 'web',
      entry: 'src/server/main.ts',
      env: { ...env, WEB_PAGES: 'false', HOLD_TTL_SECONDS: '30' },
      portVariable: 'PORT',
      readyPath: '/readyz',
    });
    try {
      const events = await fetch(`${server.url}/api/events`);
      expect(events.status).toBe(200);
      expect(events.headers.get('x-request-id')).toBeTruthy();
      const page = await fetch(`${server.url}/events/whatever`);
      expect(page.status).toBe(404);
      expect(await page.json()).toMatchObject({ error: 'not_found' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('src/worker.ts starts from the environment, answers /healthz and exits 0 on SIGTERM', async () => {
    const worker = await startProcess({
      app: 'web',
      entry: 'src/worker.ts',
      env: { ...env, HOLD_SWEEP_INTERVAL_MS: '1000', OUTBOX_POLL_MS: '500' },
      portVariable: 'HEALTH_PORT',
      readyPath: '/healthz',
    });
    expect(await worker.stop()).toBe(0);
  });
});
