import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import type { Logger } from '@ticketing/log/logger';
import { isUuid } from '@ticketing/trpc/schemas/ids';

import { type CacheScope, CATALOG_SCOPE, eventScope } from '../cache/catalog-cache';

/**
 * Answers a request from the cache, or calls `next` (Next's request handler) and keeps what it
 * rendered. `createWebServer` mounts it in front of Next for page requests (the `/api/auth/*`
 * route keeps calling Next directly); main.ts creates it for production starts only.
 */
export type PageCacheHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => Promise<void>,
) => Promise<void>;

export interface PageCacheOptions {
  /** The scopes' current catalog versions in one round trip: `CatalogCache.versions`. */
  versions: (scopes: readonly CacheScope[]) => Promise<string[]>;
  logger: Logger;
  /**
   * A render is used for at most this long even if the catalog did not change: the home page and
   * the event's dates depend on the clock too (sessions end). Default 60 s.
   */
  maxAgeMs?: number;
  /** Paths kept at once (one render each); the oldest goes first. Default 1,000. */
  maxEntries?: number;
  /** A render larger than this is served but not kept. Default 2 MiB. */
  maxBytes?: number;
  /** The clock; a parameter so a test can move it. */
  now?: () => number;
  /**
   * The headers a kept render is served with, made once when it is kept: the web replaces the
   * render's nonce policy, which must not be repeated across answers (page-security.ts).
   */
  keptHeaders?: (headers: OutgoingHttpHeaders, body: Buffer) => OutgoingHttpHeaders;
}

/** `x-page-cache`: `hit` (served from a render already made), `miss` (rendered now), `bypass` (Redis down). */
export const PAGE_CACHE_HEADER = 'x-page-cache';

/**
 * The pages whose render depends only on the catalog (no cookie, no query, nothing per buyer), and
 * the scopes whose versions it is kept under: the unfiltered home page follows every catalog
 * change, an event's page its own event's. A query string (the home page's filters, Next's `_rsc`)
 * is never cached. Ids in another spelling than PostgreSQL's lower case go to Next uncached.
 */
export function cacheablePage(url: string): readonly CacheScope[] | null {
  if (url === '/') return [CATALOG_SCOPE];
  if (url.startsWith('/events/')) {
    const id = url.slice('/events/'.length);
    if (isUuid(id) && id === id.toLowerCase()) return [eventScope(id)];
  }
  return null;
}

/**
 * Requests for the page's RSC payload (client navigations, prefetches, server actions) carry
 * these; only the HTML document of a plain GET is kept.
 */
function isDocumentRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  for (const name of Object.keys(req.headers)) {
    if (name === 'rsc' || name.startsWith('next-')) return false;
  }
  return true;
}

/** Headers of Next's answer that belong to that one exchange, never to a stored render. */
const NOT_REPLAYED = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'date',
  'keep-alive',
  'set-cookie',
  'transfer-encoding',
  'x-request-id',
  PAGE_CACHE_HEADER,
]);

interface Render {
  version: string;
  storedAt: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  gzip?: Buffer;
}

/**
 * An in-process cache of the storefront's server-rendered HTML in front of Next, keyed by path and
 * by the catalog versions the page depends on (docs/architecture.md §5: every admin write bumps its
 * scopes' versions in Redis after it commits, and `catalog` with them). Each request reads the
 * current versions (requests of the same event-loop turn share one MGET, sent after they all
 * arrived), so a render made before a write is never served after it, on any instance; a render
 * made while a write commits is kept under the old version, which nobody asks for again.
 *
 * Concurrent misses of one path and version make one render: the first request goes to Next (its
 * answer streamed as usual, and captured), the others wait for it. Only a complete 200 text/html
 * answer without Set-Cookie is kept. Stored renders are served with Next's headers (its
 * Cache-Control included: browsers still ask every time), gzip when the client accepts it.
 *
 * The storefront pages hold nothing per buyer — availability is fetched by the browser (see
 * components/storefront) — so cookies play no part in the key. When Redis cannot be read, every
 * request goes to Next.
 */
export function createPageCache(options: PageCacheOptions): PageCacheHandler {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const stored = new Map<string, Render>();
  /** Renders in progress, by path and version: what concurrent misses wait for. */
  const rendering = new Map<string, Promise<Render | null>>();
  const readVersions = batchedVersions(options.versions);
  let warnedAt = -Infinity;

  const keep = (path: string, render: Render) => {
    stored.delete(path);
    stored.set(path, render);
    if (stored.size > maxEntries) {
      const oldest = stored.keys().next();
      if (!oldest.done) stored.delete(oldest.value);
    }
  };

  return async (req, res, next) => {
    const path = req.url ?? '/';
    const scopes = cacheablePage(path);
    if (!scopes || !isDocumentRequest(req)) return next();

    let version: string;
    try {
      version = (await readVersions(scopes)).join('.');
    } catch (error) {
      // One line per minute at most: under load an outage would otherwise log every request.
      if (now() - warnedAt > 60_000) {
        warnedAt = now();
        options.logger.warn(
          { err: error },
          'page cache: catalog versions unreadable; pages rendered by Next',
        );
      }
      res.setHeader(PAGE_CACHE_HEADER, 'bypass');
      return next();
    }

    const current = stored.get(path);
    if (current && current.version === version && now() - current.storedAt < maxAgeMs) {
      return send(req, res, current, 'hit');
    }

    const key = `${path}\n${version}`;
    const inProgress = rendering.get(key);
    if (inProgress) {
      const render = await inProgress;
      if (render) return send(req, res, render, 'hit');
      return next();
    }
    // A HEAD has no body to keep.
    if (req.method !== 'GET') return next();

    const captured = capture(req, res, maxBytes);
    const render = captured.then((answer) => {
      if (!answer) return null;
      const headers = options.keptHeaders?.(answer.headers, answer.body) ?? answer.headers;
      const made: Render = { version, storedAt: now(), headers, body: answer.body };
      keep(path, made);
      return made;
    });
    rendering.set(key, render);
    void render.finally(() => rendering.delete(key));
    res.setHeader(PAGE_CACHE_HEADER, 'miss');
    await next();
  };
}

/**
 * Watches Next write its answer to `res` and resolves with it once it has been sent in full, or
 * null when it is not one to keep (or the client went away first). Next is asked for identity
 * encoding, so the bytes kept are the page itself; the cache compresses on its own.
 */
function capture(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<{ headers: OutgoingHttpHeaders; body: Buffer } | null> {
  delete req.headers['accept-encoding'];
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  const collect = (chunk: unknown, encoding: unknown) => {
    if (tooBig || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
            : null;
    if (!bytes) return;
    size += bytes.length;
    if (size > maxBytes) {
      tooBig = true;
      chunks.length = 0;
      return;
    }
    chunks.push(bytes);
  };

  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    return write(...args);
  }) as ServerResponse['write'];
  res.end = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    return end(...args);
  }) as ServerResponse['end'];

  return new Promise((resolve) => {
    const done = (complete: boolean) => {
      res.off('finish', onFinish);
      res.off('close', onClose);
      if (!complete || tooBig) return resolve(null);
      const headers = res.getHeaders();
      const type = String(headers['content-type'] ?? '');
      const keepable =
        res.statusCode === 200 &&
        type.startsWith('text/html') &&
        headers['set-cookie'] === undefined &&
        headers['content-encoding'] === undefined;
      if (!keepable) return resolve(null);
      const replayed: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined && !NOT_REPLAYED.has(name)) replayed[name] = value;
      }
      resolve({ headers: replayed, body: Buffer.concat(chunks) });
    };
    const onFinish = () => done(true);
    const onClose = () => done(res.writableFinished);
    res.once('finish', onFinish);
    res.once('close', onClose);
  });
}

function send(req: IncomingMessage, res: ServerResponse, render: Render, outcome: 'hit') {
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  if (gzip) render.gzip ??= gzipSync(render.body);
  const body = gzip && render.gzip ? render.gzip : render.body;
  res.statusCode = 200;
  for (const [name, value] of Object.entries(render.headers)) {
    if (value !== undefined) res.setHeader(name, value);
  }
  res.setHeader('vary', withAcceptEncoding(render.headers.vary));
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.setHeader('content-length', body.length);
  res.setHeader(PAGE_CACHE_HEADER, outcome);
  res.end(req.method === 'HEAD' ? undefined : body);
  return Promise.resolve();
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    return !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });
}

function withAcceptEncoding(vary: OutgoingHttpHeaders['vary']): string {
  const names = (Array.isArray(vary) ? vary.join(',') : String(vary ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (!names.some((name) => name.toLowerCase() === 'accept-encoding'))
    names.push('Accept-Encoding');
  return names.join(', ');
}

/**
 * The versions of every request that arrives during one turn of the event loop, read with one
 * call at the end of that turn: each request still gets versions read after it arrived, and a
 * burst of 50 costs Redis one MGET instead of 50.
 */
function batchedVersions(
  read: (scopes: readonly CacheScope[]) => Promise<string[]>,
): (scopes: readonly CacheScope[]) => Promise<string[]> {
  let batch: Map<
    CacheScope,
    { resolve: (v: string) => void; reject: (e: unknown) => void }[]
  > | null = null;

  const flush = (scopes: typeof batch) => {
    if (!scopes) return;
    const names = [...scopes.keys()];
    read(names).then(
      (values) =>
        names.forEach((name, index) => {
          for (const waiter of scopes.get(name) ?? []) waiter.resolve(values[index] ?? '0');
        }),
      (error: unknown) => {
        for (const waiters of scopes.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  };

  return (scopes) => {
    if (!batch) {
      const current = new Map<
        CacheScope,
        { resolve: (v: string) => void; reject: (e: unknown) => void }[]
      >();
      batch = current;
      setImmediate(() => {
        batch = null;
        flush(current);
      });
    }
    const current = batch;
    return Promise.all(
      scopes.map(
        (scope) =>
          new Promise<string>((resolve, reject) => {
            const waiters = current.get(scope) ?? [];
            waiters.push({ resolve, reject });
            current.set(scope, waiters);
          }),
      ),
    );
  };
}
