import { randomUUID } from 'node:crypto';

import { createLogger } from '@ticketing/log/logger';
import { scrapeMetrics } from '@ticketing/runtime/metrics-scrape';
import { createProcessContext, type ProcessContext } from '@ticketing/runtime/process-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createWebServer } from '../src/server/http/create-web-server';
import { createOpenApiDocument } from '../src/server/http/openapi-document';
import { appRouter } from '../src/server/router';
import { createRequestContext } from '../src/server/trpc';
import { createEventWithSession } from './support/catalog-fixtures';
import { buyer, type OnSale } from './support/purchase-fixtures';
import { startTestWeb, testAuth, type TestWeb } from './support/web-test-server';

let web: TestWeb;
let context: ProcessContext;
let baseUrl: string;

beforeAll(async () => {
  web = await startTestWeb();
  // The web's front as main.ts serves it: through its process context, which attaches /metrics.
  context = createProcessContext({ name: 'web', logger: createLogger('web-metrics', 'silent') });
  const server = createWebServer({
    router: appRouter,
    createContext: ({ req }) => createRequestContext(web.deps, testAuth, req),
    readiness: {},
    openApiDocument: createOpenApiDocument(appRouter),
    nextHandler: async (_req, res) => {
      res.statusCode = 200;
      res.end('a page');
    },
    logger: createLogger('web-metrics', 'silent'),
  });
  baseUrl = `http://127.0.0.1:${await context.serve(server, 0)}`;
});
afterAll(async () => {
  await context?.stop();
  await web?.close();
});

describe('/metrics of the web', () => {
  it('times REST, tRPC and page requests under bounded routes, never the raw URL', async () => {
    await web.reset();
    const { session, standard } = await createEventWithSession(web.db);
    const item: OnSale = { sessionId: session.id, ticketTypeId: standard.id };
    const before = await scrapeMetrics(baseUrl);

    const placed = await buyer(baseUrl).hold(item, 2);
    expect(placed.status).toBe(201);
    const holdId = String((placed.body as { hold_id: string }).hold_id);
    expect((await fetch(`${baseUrl}/api/holds/${holdId}`)).status).toBe(200);
    const missing = randomUUID();
    expect((await fetch(`${baseUrl}/api/no-such-route/${missing}`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/trpc/no.such.${missing.slice(0, 8)}`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/events/${missing}`)).status).toBe(200);

    const after = await scrapeMetrics(baseUrl);
    const count = 'http_request_duration_seconds_count';
    const moved = (labels: Record<string, string>) =>
      after.value(count, { process: 'web', ...labels }) - before.value(count, labels);
    expect(moved({ method: 'POST', route: '/api/holds', status: '201' })).toBe(1);
    expect(moved({ method: 'GET', route: '/api/holds/{id}', status: '200' })).toBe(1);
    expect(moved({ method: 'GET', route: 'not_found', status: '404' })).toBe(1);
    expect(moved({ method: 'GET', route: 'trpc_unknown', status: '404' })).toBe(1);
    expect(moved({ method: 'GET', route: 'page', status: '200' })).toBe(1);
    expect(after.text).not.toContain(missing);
    expect(after.text).not.toContain(holdId);
    expect(after.has('process_resident_memory_bytes')).toBe(true);
  });
});
