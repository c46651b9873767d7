import type { IncomingMessage, ServerResponse } from 'node:http';

import { describeError } from '@ticketing/trpc/server/error-shape';
import {
  type AnyRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  type TRPCError,
} from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';

export interface TrpcHandlerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<TContext> | TContext;
  /** Where tRPC is mounted: `/trpc` on the services, `/api/trpc` on the web. */
  basePath: string;
  /** Single calls straight through `callTRPCProcedure` (default); false: every call through the adapter. */
  fastLane?: boolean;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
  /** The most calls one batch may carry (default MAX_BATCH_SIZE); a longer one answers 400. */
  maxBatchSize?: number;
}

/**
 * Batches are for a page's few reads: one request must not carry hundreds of hold mutations past
 * the body limit's intent. The browser's client sends no batches at all (httpLink).
 */
export const MAX_BATCH_SIZE = 10;

/** tRPC as the HTTP front mounts it: the front reads the body (under its limit) and hands it over. */
export interface TrpcHandler {
  /** Without the trailing slash; the front routes `${basePath}/…` here. */
  readonly basePath: string;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  /** The metrics label of a path under basePath: the procedure's name, `batch`, or undefined. */
  routeOf?(procedurePath: string): string | undefined;
}

/**
 * tRPC over node:http. Measured on a 2-core machine with the same `hold`-shaped procedure
 * (apps/inventory/bench/adapters.ts, docs/benchmarks.md): tRPC 11's standalone adapter costs ~630 µs
 * of CPU per call, almost all in WHATWG Request/Response/stream/AbortSignal objects; the procedure
 * itself ~80 µs. So:
 *
 * - the fast lane answers a single, non-batched call (POST of a mutation with a JSON body, GET of
 *   a query with `?input=`) the way tRPC's `resolveResponse` does for one call — the same
 *   `callTRPCProcedure`, error shape (`getTRPCErrorShape` + the router's formatter), status and
 *   body — without building those objects (test/trpc-handler.test.ts compares both byte for byte);
 * - everything else (batches, streaming, subscriptions, bad JSON, unknown paths, wrong methods)
 *   goes to tRPC's standalone adapter, given the body the front already read.
 *
 * Either way an error answers the HTTP status the REST route of the procedure would.
 */
export function createTrpcHandler<TContext>(options: TrpcHandlerOptions<TContext>): TrpcHandler {
  const basePath = options.basePath.replace(/\/$/, '');
  const prefix = `${basePath}/`;
  const adapter = createHTTPHandler({
    router: options.router,
    // With the trailing slash: the adapter slices this many characters off the path, and tRPC
    // 11.22 no longer forgives a leading `/` left on the procedure name.
    basePath: prefix,
    maxBatchSize: options.maxBatchSize ?? MAX_BATCH_SIZE,
    createContext: ({ req, res }) => options.createContext({ req, res }),
    responseMeta: ({ errors }) => {
      const [error] = errors;
      if (!error) return {};
      const { status, headers } = describeError(error);
      return { status, headers };
    },
    onError: ({ error, req }) => {
      if (describeError(error).status >= 500) options.onInternalError?.(error, req);
    },
  });

  const procedures = options.router._def.procedures as Record<string, unknown>;
  return {
    basePath,
    routeOf: (procedurePath) =>
      Object.hasOwn(procedures, procedurePath)
        ? procedurePath
        : procedurePath.includes(',')
          ? 'trpc_batch'
          : undefined,
    async handle(req, res, body) {
      const single =
        options.fastLane === false ? undefined : singleCall(options, prefix, req, body);
      if (!single) return handOver(adapter, req, res, body);
      const { status, payload, headers } = await answerSingle(options, req, res, single);
      res.writeHead(status, { ...JSON_HEADERS, ...headers, 'content-length': payload.length });
      res.end(payload);
    },
  };
}

interface SingleCall {
  path: string;
  type: 'query' | 'mutation';
  input: unknown;
}

/** What tRPC's `resolveResponse` sets on a JSON answer. */
const JSON_HEADERS = { vary: 'trpc-accept, accept', 'content-type': 'application/json' };

/** A procedure path: names joined by dots (`events.byId`); batches (`a,b`) are the adapter's. */
const PROCEDURE_PATH = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

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
  if (!PROCEDURE_PATH.test(path)) return undefined;
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
  res: ServerResponse,
  call: SingleCall,
): Promise<{ status: number; payload: Buffer; headers?: Record<string, string> }> {
  const { router } = options;
  const config = router._def._config;
  const input: unknown =
    call.input === undefined ? undefined : config.transformer.input.deserialize(call.input);
  let ctx: TContext | undefined;
  try {
    ctx = await options.createContext({ req, res });
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
    return { status: 200, payload: Buffer.from(JSON.stringify(body)) };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const { status, headers } = describeError(error);
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
    return { status, payload: Buffer.from(JSON.stringify(body)), headers };
  }
}

/**
 * The adapter reads a pre-read body from `req.body` (as body parsers leave it) instead of the
 * stream the front has drained; tRPC's inputs are JSON text, so the string is the body.
 */
function handOver(
  adapter: (req: IncomingMessage, res: ServerResponse) => void,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    Object.assign(req, { body: body.toString('utf8') });
  }
  return new Promise((resolve) => {
    res.once('close', () => resolve());
    adapter(req, res);
  });
}
