import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@ticketing/log/logger';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer } from '../src/server/http/create-web-server';

// Stands in for Next: it answers every path it is given with HTML.
const next = async (_req: unknown, res: ServerResponse) => {
  res.setHeader('content-type', 'text/html');
  res.end('<html>next</html>');
};

const t = initTRPC.create();
const server = createWebServer({
  router: t.router({}),
  createContext: () => ({}),
  readiness: {},
  openApiDocument: { openapi: '3.0.3' },
  nextHandler: next,
  logger: createLogger('test', 'silent'),
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('routing between the API and Next', () => {
  it('answers an unknown /api path with a JSON 404, not a Next page', async () => {
    const response = await fetch(`${base}/api/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('hands pages and next-auth to Next', async () => {
    for (const path of ['/', '/admin', '/api/auth/session']) {
      const response = await fetch(`${base}${path}`);
      expect(await response.text(), path).toBe('<html>next</html>');
    }
  });
});
