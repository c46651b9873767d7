import type http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from '@ticketing/log/logger';

import type { FrontMetrics } from './front-metrics';
import { createHttpFront } from './http-front';
import type { ReadinessChecks } from './readiness';

export interface HealthServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** false: `/healthz` answers 503 `stopping`. */
  alive: () => boolean;
  readiness: ReadinessChecks;
  /** More fields of the `/healthz` body. */
  health?: () => Record<string, unknown>;
  logger?: Logger;
  /** `/metrics` of the process on the same port. */
  metrics?: FrontMetrics;
}

export interface HealthServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/**
 * A worker's HTTP front: `/healthz` (the process is up and not stopping) and `/readyz` (every
 * dependency answers), nothing else. Resolves once bound.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createHttpFront({
    logger: options.logger,
    alive: options.alive,
    health: options.health,
    readiness: options.readiness,
    metrics: options.metrics,
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
