import type { IncomingMessage, ServerResponse } from 'node:http';

import { sendJson } from '@ticketing/runtime/send-json';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The admin's state-changing calls: tRPC `admin.*` (batches included), REST `/api/admin/*`, next-auth. */
function isAdminWrite(req: IncomingMessage, path: string): boolean {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return false;
  if (path.startsWith('/api/admin/') || path.startsWith('/api/auth/')) return true;
  if (!path.startsWith('/api/trpc/')) return false;
  return decodeURIComponent(path.slice('/api/trpc/'.length))
    .split(',')
    .some((procedure) => procedure.startsWith('admin.'));
}

function isSameOrigin(origin: string, req: IncomingMessage, appOrigin?: string): boolean {
  if (origin === appOrigin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Refuses an admin write a browser sent from another site (CSRF): the session cookie goes with
 * any request to this host, so a page elsewhere could otherwise post with the admin's session.
 * Refused when the browser says the request came from another site (`Sec-Fetch-Site`
 * `cross-site`, or `same-site`: a sibling subdomain is not this app either) or its `Origin` is
 * neither the app's (NEXTAUTH_URL) nor this Host's. A request without cookies carries no session
 * to abuse (a Bearer-token client): it passes, and so do reads. next-auth's own CSRF token stays
 * in force behind this. Answers 403 `forbidden`; returns true when it did.
 */
export function createCrossSiteGuard(appUrl?: string) {
  const appOrigin = appUrl === undefined ? undefined : new URL(appUrl).origin;
  return (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (!req.headers.cookie || !isAdminWrite(req, path)) return false;
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const crossSite =
      site === 'cross-site' ||
      site === 'same-site' ||
      (origin !== undefined && !isSameOrigin(origin, req, appOrigin));
    if (!crossSite) return false;
    sendJson(res, 403, {
      error: 'forbidden',
      message: 'Admin changes are accepted from this site only',
    });
    return true;
  };
}
