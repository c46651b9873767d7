import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Set by the web server on every `/api/auth/*` and API request (`recordClientAddress`), replacing
 * any value the client sent, so the per-address limits cannot be dodged with a made-up header.
 */
export const CLIENT_ADDRESS_HEADER = 'x-ticketing-client-address';

/** The client's address as the web server recorded it. */
export function clientAddress(
  headers: IncomingHttpHeaders | Record<string, unknown> | undefined,
): string {
  const recorded = headers?.[CLIENT_ADDRESS_HEADER];
  return typeof recorded === 'string' && recorded.length > 0 ? recorded : 'unknown';
}

/**
 * The client's address: the socket's, or with `trustedProxyHops` proxies in front (each appending
 * the address it saw to X-Forwarded-For) the entry that many from the right. Entries left of it
 * are whatever the client wrote, so they are never read; with no proxy configured the header is
 * ignored altogether.
 */
export function addressOf(req: IncomingMessage, trustedProxyHops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (forwarded.length === 0) return socket;
  return forwarded[Math.max(0, forwarded.length - trustedProxyHops)] ?? socket;
}

/** Writes the request's client address into CLIENT_ADDRESS_HEADER (see `clientAddress`). */
export function recordClientAddress(req: IncomingMessage, trustedProxyHops: number): void {
  req.headers[CLIENT_ADDRESS_HEADER] = addressOf(req, trustedProxyHops);
}
