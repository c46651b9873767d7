import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkReadiness, sendJson } from './service-server';

/**
 * A worker process's own small HTTP server: `/healthz` (the process is up and not stopping) and
 * `/readyz` (every dependency answers). Listens on `port` (0: any free port) and resolves once bound.
 */
export async function startHealthServer(options: {
  port: number;
  alive: () => boolean;
  readiness: Record<string, () => Promise<unknown>>;
}): Promise<{ server: http.Server; port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') {
      const alive = options.alive();
      return sendJson(res, alive ? 200 : 503, { status: alive ? 'ok' : 'stopping' });
    }
    if (req.url === '/readyz') {
      void checkReadiness(options.readiness).then(({ ready, checks }) =>
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks }),
      );
      return;
    }
    sendJson(res, 404, { error: 'not_found', message: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () => {
    // Health probes keep connections alive; a stopping process must not wait for them.
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, port: (server.address() as AddressInfo).port, close };
}
