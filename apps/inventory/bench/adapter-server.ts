import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createHttpFront } from '@ticketing/runtime/http-front';
import { createTrpcHandler } from '@ticketing/runtime/trpc-handler';
import { holdInput, holdOutput } from '@ticketing/trpc/inventory/contract';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import fastify from 'fastify';

/**
 * One HTTP front end for the adapter comparison (bench/adapters.ts), serving a `hold`-shaped
 * mutation that does no I/O: the same zod input and output as the real one.
 */
const t = initTRPC.create();
const router = t.router({
  hold: t.procedure
    .input(holdInput)
    .output(holdOutput)
    .mutation(() => ({ success: true as const, available_quantity: 1, status: 'held' as const })),
});

const variant = process.argv[2];
const announce = (port: number) => console.log(JSON.stringify({ msg: 'listening', port }));

async function main() {
  if (variant === 'fastify') {
    const app = fastify();
    await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    announce((app.server.address() as AddressInfo).port);
    return;
  }
  const handlers: Record<string, http.RequestListener> = {
    'node-http': (req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end('{"result":{"data":{"success":true,"available_quantity":1,"status":"held"}}}');
      });
    },
    standalone: createHTTPHandler({ router, basePath: '/trpc' }),
    fetch: (req, res) =>
      void (async () => {
        const response = await fetchRequestHandler({
          endpoint: '/trpc',
          router,
          req: incomingMessageToRequest(req, res, { maxBodySize: 64 * 1024 }),
        });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })(),
    'fetch-buffered': (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const body = req.method === 'GET' ? undefined : Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [key, value] of Object.entries(req.headers)) {
            if (typeof value === 'string') headers.set(key, value);
          }
          const response = await fetchRequestHandler({
            endpoint: '/trpc',
            router,
            req: new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
              method: req.method,
              headers,
              body,
            }),
          });
          const text = await response.text();
          res.writeHead(response.status, {
            'content-type': response.headers.get('content-type') ?? 'application/json',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
        })();
      });
    },
  };
  // The services' own front: request id, body limit, the fast lane, the standalone adapter behind.
  const fastLane = createHttpFront({
    trpc: createTrpcHandler({ router, createContext: () => ({}), basePath: '/trpc' }),
  });
  const handler = variant ? handlers[variant] : undefined;
  if (variant !== 'fast-lane' && !handler) throw new Error(`unknown variant ${variant}`);
  const server = handler ? http.createServer(handler) : fastLane;
  server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
}

process.once('SIGTERM', () => process.exit(0));
void main();
