import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AnyRouter, TRPCError } from '@trpc/server';
import { createRestHandler } from './rest-handler';
import { createTrpcHandler } from './trpc-handler';

export interface ServiceServerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<TContext> | TContext;
  /** Named dependency checks for `/readyz`; each resolves true when reachable. */
  readiness: Record<string, () => Promise<unknown>>;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Runs every readiness check; a check that throws or takes over 2 s counts as down. */
export async function checkReadiness(checks: Record<string, () => Promise<unknown>>) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timeout')), 2_000).unref(),
      );
      try {
        await Promise.race([check(), timeout]);
        return [name, 'ok'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  return {
    ready: entries.every(([, state]) => state === 'ok'),
    checks: Object.fromEntries(entries),
  };
}

/**
 * The HTTP server of a tRPC service: tRPC at `/trpc`, the same procedures as REST at their
 * `meta.openapi` paths, `/healthz` (process up) and `/readyz` (dependencies reachable).
 */
export function createServiceServer<TContext>(
  options: ServiceServerOptions<TContext>,
): http.Server {
  const trpc = createTrpcHandler({ ...options, basePath: '/trpc' });
  const rest = createRestHandler(options);

  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url === '/readyz') {
      void checkReadiness(options.readiness).then(({ ready, checks }) =>
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks }),
      );
      return;
    }
    if (url.startsWith('/trpc/')) return void trpc(req, res);
    void rest(req, res);
  });
}
