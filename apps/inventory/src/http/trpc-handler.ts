import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError } from '@ticketing/trpc/server/error-shape';
import { sendJson } from '@ticketing/trpc/server/service-server';
import {
  type AnyRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  type TRPCError,
} from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

export interface TrpcHandlerOptions<TContext> {
  router: AnyRouter;
  createContext: () => TContext;
  /** Where tRPC is mounted, e.g. `/trpc`. */
  basePath: string;
  maxBodySize: number;
  /** Single calls straight through `callTRPCProcedure` (default); false: every call through the adapter. */
  fastLane?: boolean;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
}

/**
 * tRPC over node:http. Measured on this 2-core machine with the same `hold`-shaped procedure
 * (bench/adapters.ts, docs/benchmarks.md): tRPC 11's standalone adapter costs ~630 µs of CPU per
 * call and its fetch adapter ~450 µs, almost all in WHATWG Request/Response/stream/AbortSignal
 * objects; the procedure itself ~80 µs. So:
 *
 * - the fast lane answers a single, non-batched call (POST of a mutation with a JSON body, GET of
 *   a query with `?input=`) the way tRPC's `resolveResponse` does for one call — the same
 *   `callTRPCProcedure`, error shape (`getTRPCErrorShape` + our formatter), status and body — without
 *   building those objects (test/trpc-handler.test.ts compares both byte for byte);
 * - everything else (batches, streaming, subscriptions, bad JSON, unknown paths, wrong methods)
 *   goes to tRPC's own fetch adapter, with the body read whole and the answer written at once.
 */
export function createTrpcHandler<TContext>(options: TrpcHandlerOptions<TContext>) {
  const prefix = `${options.basePath.replace(/\/$/, '')}/`;
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
      const body = Buffer.concat(chunks);
      const single =
        options.fastLane === false ? undefined : singleCall(options, prefix, req, body);
      const answer = single
        ? answerSingle(options, req, single)
        : answerWithAdapter(options, req, body);
      void answer
        .then(({ status, headers, payload }) => {
          res.writeHead(status, { ...headers, 'content-length': payload.length });
          res.end(payload);
        })
        .catch((error: unknown) => {
          if (!res.headersSent) {
            sendJson(res, 500, { error: 'internal_error', message: 'Internal server error' });
          } else res.destroy(error instanceof Error ? error : undefined);
        });
    });
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  payload: Buffer;
}

interface SingleCall {
  path: string;
  type: 'query' | 'mutation';
  input: unknown;
}

const JSON_HEADERS = { vary: 'trpc-accept, accept', 'content-type': 'application/json' };

/** The call, when the request is one the fast lane answers exactly as tRPC would. */
function singleCall(
  options: TrpcHandlerOptions<unknown>,
  prefix: string,
  req: IncomingMessage,
  body: Buffer,
): SingleCall | undefined {
  const url = req.url ?? '';
  if (!url.startsWith(prefix) || req.headers['trpc-accept'] !== undefined) return undefined;
  const queryAt = url.indexOf('?');
  const path = url.slice(prefix.length, queryAt === -1 ? undefined : queryAt);
  if (!/^[A-Za-z0-9_]+$/.test(path)) return undefined;
  const procedure = options.router._def.procedures[path] as
    { _def?: { type?: string } } | undefined;
  const type = procedure?._def?.type;
  try {
    if (type === 'mutation' && req.method === 'POST' && queryAt === -1) {
      const mediaType = req.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
      // No body: the adapter's own answer (its wording differs across tRPC versions).
      if (mediaType !== 'application/json' || body.length === 0) return undefined;
      return { path, type, input: JSON.parse(body.toString('utf8')) as unknown };
    }
    if (type === 'query' && req.method === 'GET') {
      const params = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
      if ([...params.keys()].some((key) => key !== 'input')) return undefined;
      const raw = params.get('input');
      return { path, type, input: raw === null ? undefined : (JSON.parse(raw) as unknown) };
    }
  } catch {
    // Malformed JSON: the adapter answers it with its PARSE_ERROR.
  }
  return undefined;
}

async function answerSingle<TContext>(
  options: TrpcHandlerOptions<TContext>,
  req: IncomingMessage,
  call: SingleCall,
): Promise<Answer> {
  const { router } = options;
  const config = router._def._config;
  const input: unknown =
    call.input === undefined ? undefined : config.transformer.input.deserialize(call.input);
  let ctx: TContext | undefined;
  try {
    ctx = options.createContext();
    const data: unknown = await callTRPCProcedure({
      router,
      path: call.path,
      type: call.type,
      ctx,
      getRawInput: async () => input,
      signal: undefined,
      batchIndex: 0,
    });
    const body = transformTRPCResponse(config, { result: { data } });
    return { status: 200, headers: JSON_HEADERS, payload: Buffer.from(JSON.stringify(body)) };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const { status } = describeError(error);
    if (status >= 500) options.onInternalError?.(error, req);
    const shape = getTRPCErrorShape({
      config,
      ctx,
      error,
      input,
      path: call.path,
      type: call.type,
    });
    const body = transformTRPCResponse(config, { error: shape });
    return { status, headers: JSON_HEADERS, payload: Buffer.from(JSON.stringify(body)) };
  }
}

async function answerWithAdapter<TContext>(
  options: TrpcHandlerOptions<TContext>,
  req: IncomingMessage,
  body: Buffer,
): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const response = await fetchRequestHandler({
    endpoint: options.basePath,
    router: options.router,
    req: new Request(`http://localhost${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: hasBody ? body : undefined,
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
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    payload: Buffer.from(await response.arrayBuffer()),
  };
}
