import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * What an answer that is no page may do in a browser: nothing. JSON, health, errors and 404s load
 * nothing and are never framed. Pages get their own policy (the web's, with a nonce per request).
 */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers every answer of every process carries (docs/architecture.md, Security). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(self)',
};

export interface SecurityHeaderOptions {
  /** `Strict-Transport-Security` max-age on answers served over TLS; 0 (default): never sent. */
  hstsMaxAgeSeconds?: number;
}

/** TLS here, or at the proxy in front that says so (HAProxy sets `x-forwarded-proto`). */
const overTls = (req: IncomingMessage) =>
  Boolean((req.socket as Partial<TLSSocket>).encrypted) ||
  req.headers['x-forwarded-proto'] === 'https';

/**
 * Set before routing, so every answer has them, an error's included; a handler may replace the
 * policy (the web's pages do). HSTS over plain HTTP would be ignored by browsers, and a proxy's
 * `x-forwarded-proto` a client forged only gets that client the header.
 */
export function setSecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: SecurityHeaderOptions = {},
): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const maxAge = options.hstsMaxAgeSeconds ?? 0;
  if (maxAge > 0 && overTls(req)) {
    res.setHeader('strict-transport-security', `max-age=${maxAge}; includeSubDomains`);
  }
}
