import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError } from '@ticketing/trpc/server/error-shape';
import { sendJson } from '@ticketing/trpc/server/service-server';
import type { AnyRouter, TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

export interface BufferedTrpcHandlerOptions<TContext> {
  router: AnyRouter;
  createContext: () => TContext;
  /** Where tRPC is mounted, e.g. `/trpc`. */
  basePath: string;
  maxBodySize: number;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
}

/**
 * tRPC for node:http through tRPC's own fetch adapter, with the body read whole and the answer
 * written in one `end` (with a content-length). tRPC 11's standalone adapter streams both ways
 * through WHATWG streams, which measured 2–5× slower here for the same procedure, with a long
 * tail (bench/adapters.ts, docs/benchmarks.md). Procedure calls are small JSON, so nothing is
 * lost by buffering them.
 */
export function createBufferedTrpcHandler<TContext>(options: BufferedTrpcHandlerOptions<TContext>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.maxBodySize) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > options.maxBodySize) {
        sendJson(res, 413, { error: 'payload_too_large', message: 'Request body too large' });
        return;
      }
      void answer(options, req, res, chunks).catch((error: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, { error: 'internal_error', message: 'Internal server error' });
        } else res.destroy(error instanceof Error ? error : undefined);
      });
    });
  };
}

async function answer<TContext>(
  options: BufferedTrpcHandlerOptions<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  chunks: Buffer[],
) {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const response = await fetchRequestHandler({
    endpoint: options.basePath,
    router: options.router,
    req: new Request(`http://localhost${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: hasBody ? Buffer.concat(chunks) : undefined,
    }),
    createContext: options.createContext,
    // The same status as the REST route of the procedure would answer.
    responseMeta: ({ errors }) => {
      const [error] = errors;
      return error ? { status: describeError(error).status } : {};
    },
    onError: ({ error }) => {
      if (describeError(error).status >= 500) options.onInternalError?.(error, req);
    },
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.setHeader('content-length', body.length);
  res.end(body);
}
