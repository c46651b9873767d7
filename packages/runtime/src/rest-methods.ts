import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Meta } from '@ticketing/trpc/server/procedure-helpers';
import type { AnyRouter } from '@trpc/server';

import { sendJson } from './send-json';

interface RouteTemplate {
  /** `/events/{id}` as declared in the procedure's `meta.openapi`. */
  path: string;
  pattern: RegExp;
  methods: Set<string>;
}

export interface RestMethodOptions {
  /**
   * REST templates (without the prefix) whose GETs any origin may read: `Access-Control-Allow-Origin: *`
   * on them and their preflight. Everything else grants no CORS at all: same origin only.
   */
  openReads?: (template: string) => boolean;
}

/** What to do with a request before trpc-to-openapi sees it. */
export type MethodDecision =
  /** Not a path of the table: on to trpc-to-openapi, untouched (it falls through to `next`). */
  | { kind: 'unknown' }
  /** A method the path has (HEAD already turned into GET). */
  | { kind: 'pass' }
  /** Answered here: OPTIONS or 405. */
  | { kind: 'answered' };

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** The REST route table of a router: every procedure's `meta.openapi` method and path. */
function routeTable(router: AnyRouter): RouteTemplate[] {
  const byPath = new Map<string, RouteTemplate>();
  for (const procedure of Object.values(router._def.procedures)) {
    const meta = (procedure as { _def?: { meta?: Meta } })._def?.meta;
    const openapi = meta?.openapi;
    if (!openapi) continue;
    const path = openapi.path.replace(/\/$/, '') || '/';
    let route = byPath.get(path);
    if (!route) {
      const source = path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : escape(part)))
        .join('');
      route = { path, pattern: new RegExp(`^${source}/?$`), methods: new Set() };
      byPath.set(path, route);
    }
    route.methods.add(openapi.method.toUpperCase());
  }
  return [...byPath.values()];
}

/**
 * HTTP semantics trpc-to-openapi leaves out (docs/architecture.md §5): HEAD wherever GET is (the
 * same status and headers, no body: Node drops the body of an answer to HEAD), OPTIONS with the
 * Allow list and an explicit CORS answer, 405 `method_not_allowed` with Allow for a known path
 * and a method it has not. Allow is computed from the route table, so it cannot drift.
 */
export function createMethodRules(router: AnyRouter, options: RestMethodOptions = {}) {
  const table = routeTable(router);
  const openReads = options.openReads ?? (() => false);

  return (req: IncomingMessage, res: ServerResponse, path: string): MethodDecision => {
    const matching = table.filter((route) => route.pattern.test(path));
    if (matching.length === 0) return { kind: 'unknown' };
    const methods = new Set(matching.flatMap((route) => [...route.methods]));
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    const allow = [...methods].sort().join(', ');
    const open = matching.some((route) => route.methods.has('GET') && openReads(route.path));
    const method = req.method ?? 'GET';

    if (method === 'OPTIONS') {
      res.statusCode = 204;
      res.setHeader('allow', allow);
      if (open) {
        res.setHeader('access-control-allow-origin', '*');
        res.setHeader('access-control-allow-methods', 'GET, HEAD, OPTIONS');
        res.setHeader('access-control-allow-headers', 'content-type, x-request-id');
        res.setHeader('access-control-max-age', '600');
      }
      res.end();
      return { kind: 'answered' };
    }
    if (!methods.has(method)) {
      res.setHeader('allow', allow);
      sendJson(res, 405, {
        error: 'method_not_allowed',
        message: `${method} is not allowed here; allowed: ${allow}`,
      });
      return { kind: 'answered' };
    }
    if (open && (method === 'GET' || method === 'HEAD')) {
      res.setHeader('access-control-allow-origin', '*');
    }
    if (method === 'HEAD') req.method = 'GET';
    return { kind: 'pass' };
  };
}
