import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of the pages (docs/architecture.md, Security).
 *
 * A page Next renders for this request: scripts only with this answer's nonce, and what they load
 * ('strict-dynamic'; 'self' for browsers without CSP 3). Next reads the nonce from the request's
 * `content-security-policy` header (its app-page request parsing) and puts it on every script it
 * emits, its inline bootstrap included; so the policy is set on the request as well as on the
 * answer, here in the front rather than in a Next proxy (no second routing pass per page). The
 * pages render per request already (`force-dynamic`), so a nonce per answer costs nothing more.
 *
 * A render the page cache keeps (page-cache.ts) is served to many: its nonce would be repeated
 * across answers, public to anyone who loaded the page, and protect nothing; rewriting it per
 * answer would mean re-compressing per hit. Such a render is served under `keptPagePolicy`
 * instead: the hashes of exactly the inline scripts of that render, computed once when it is
 * kept, and 'self' for the bundles — no nonce, no 'strict-dynamic' (which would disable 'self').
 * The nonce attributes left in that HTML grant nothing, since no policy names that nonce.
 *
 * Styles allow 'unsafe-inline': React writes `style` attributes and Next inlines critical CSS
 * without a nonce; a style cannot run code, the risk is limited to restyling. Images may come
 * from any https origin (an event's `image_url` is the organiser's) and `data:` (QR codes).
 * Development adds 'unsafe-eval' and websockets for Next's hot reload.
 */
function policy(scriptSources: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptSources}${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const pagePolicy = (nonce: string, dev: boolean) =>
  policy(`'nonce-${nonce}' 'strict-dynamic'`, dev);

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/** The policy of a kept render: the sha256 of each of its inline scripts (see above). */
export function keptPagePolicy(html: string): string {
  const hashes = new Set<string>();
  for (const [, attributes = '', text = ''] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || text === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return policy([...hashes].join(' ') || "'none'", false).replace("'self' 'none'", "'self'");
}

/** `keptHeaders` of the page cache: a kept render's headers with its policy by hashes. */
export const keptPageHeaders = (
  headers: OutgoingHttpHeaders,
  body: Buffer,
): OutgoingHttpHeaders => ({
  ...headers,
  'content-security-policy': keptPagePolicy(body.toString('utf8')),
});

/**
 * Wraps Next's handler: each request to it gets a fresh nonce, on the request for Next and in the
 * answer's policy (which replaces the front's API policy; a kept render replaces it again).
 */
export function withPagePolicy<T>(
  handler: (req: IncomingMessage, res: ServerResponse) => T,
  dev: boolean,
): (req: IncomingMessage, res: ServerResponse) => T {
  return (req, res) => {
    const answerPolicy = pagePolicy(randomBytes(16).toString('base64'), dev);
    req.headers['content-security-policy'] = answerPolicy;
    res.setHeader('content-security-policy', answerPolicy);
    return handler(req, res);
  };
}
