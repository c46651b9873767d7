import type { IncomingHttpHeaders } from 'node:http';

/**
 * Set by the web server on every `/api/auth/*` request from the socket's address, replacing any
 * value the client sent, so the per-address sign-in limit cannot be dodged with a made-up header.
 */
export const CLIENT_ADDRESS_HEADER = 'x-ticketing-client-address';

/** The client's address as the web server recorded it. */
export function clientAddress(
  headers: IncomingHttpHeaders | Record<string, unknown> | undefined,
): string {
  const recorded = headers?.[CLIENT_ADDRESS_HEADER];
  return typeof recorded === 'string' && recorded.length > 0 ? recorded : 'unknown';
}
