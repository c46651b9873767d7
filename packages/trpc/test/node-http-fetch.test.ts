import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createNodeHttpFetch } from '../src/node-http-fetch';

let server: http.Server;
let base: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(req.socket);
    if (req.url === '/slow') return; // never answers
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body, header: req.headers['x-request-id'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('createNodeHttpFetch', () => {
  it('sends method, headers and body, answers status and JSON, and reuses one socket', async () => {
    const fetch = createNodeHttpFetch();
    sockets.clear();
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${base}/echo`, {
        method: 'POST',
        headers: { 'x-request-id': 'req-1', 'content-type': 'application/json' },
        body: '{"a":1}',
      });
      expect(response.ok).toBe(true);
      expect(response.headers.get('Content-Type')).toBe('application/json');
      expect(await response.json()).toEqual({ method: 'POST', body: '{"a":1}', header: 'req-1' });
    }
    expect(sockets.size).toBe(1);
    const missing = await fetch(`${base}/missing`);
    expect([missing.ok, missing.status]).toEqual([false, 404]);
  });

  it('rejects with the signal reason on a timeout, and with ECONNREFUSED when nobody listens', async () => {
    const fetch = createNodeHttpFetch();
    await expect(fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject(
      {
        name: 'TimeoutError',
      },
    );
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
