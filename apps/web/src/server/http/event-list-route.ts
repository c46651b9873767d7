import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FrontRoute } from '@ticketing/runtime/http-front';
import { type EventPage, pageInput } from '@ticketing/trpc/public/catalog';

import { type CatalogCache, eventListKey } from '../cache/catalog-cache';

export interface EventListRouteOptions {
  cache: CatalogCache;
  /** The `events.list` procedure, in process: what the answer is on a miss. */
  list: (page: { limit: number; cursor?: string }) => Promise<EventPage>;
}

const KNOWN_PARAMS = new Set(['limit', 'cursor']);

/**
 * `GET /api/events` answered from the bytes kept in the catalog cache: the most read answer of the
 * public API costs one Redis round trip and a write, not the REST adapter's routing, input and
 * output validation and serialisation (issue 11: ≥ 0.3× a bare server serving those bytes from
 * Redis). The bytes are the procedure's own answer, kept under the `events` scope, so an admin
 * write invalidates them with every other page of the list. Anything this route does not expect
 * (an unknown parameter, a bad limit or cursor) goes on to the REST route, whose 400 names it.
 */
export function createEventListRoute(options: EventListRouteOptions): FrontRoute {
  return {
    path: '/api/events',
    methods: ['GET', 'HEAD'],
    handle: async (req, res, next) => {
      const page = pageOf(req);
      if (!page) return next();
      const body = await options.cache.readText(
        'events',
        `${eventListKey(page)}:answer`,
        async () => JSON.stringify(await options.list(page)),
      );
      send(res, body ?? JSON.stringify({ results: [], next_cursor: null }));
    },
  };
}

function pageOf(req: IncomingMessage) {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const params = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    // A repeated or unknown parameter: the REST route decides (and names it in its 400).
    if (!KNOWN_PARAMS.has(name) || name in raw) return undefined;
    raw[name] = value;
  }
  const parsed = pageInput.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function send(res: ServerResponse, body: string) {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json');
  // An open read, as the REST route answers it (rest-methods.ts).
  res.setHeader('access-control-allow-origin', '*');
  res.end(body);
}
