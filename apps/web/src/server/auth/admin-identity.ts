import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { Executor } from '@ticketing/db/client';
import { decode, type JWT } from 'next-auth/jwt';

import { sessionIsCurrent } from './admin-users';

/** Who is acting on the admin API: the API token (scripts, REST) or a signed-in admin (next-auth). */
export type AdminIdentity = { kind: 'api-token' } | { kind: 'session'; email: string };

export interface AdminAuthConfig {
  adminApiToken: string;
  nextAuthSecret: string;
  /** next-auth names its cookie `__Secure-…` when NEXTAUTH_URL is https. */
  secureCookie: boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison; hashing first makes lengths equal and hides the token's length. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export function sessionCookieName(secureCookie: boolean): string {
  return secureCookie ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const raw = part.slice(index + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

/** next-auth splits large tokens into `<name>.0`, `<name>.1`, …; small ones keep the plain name. */
function sessionToken(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let index = 0; cookies.has(`${name}.${index}`); index++) {
    chunks.push(cookies.get(`${name}.${index}`) ?? '');
  }
  return chunks.length > 0 ? chunks.join('') : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The epoch a session token carries; tokens from before sign-out-everywhere existed count as 0. */
export function tokenEpoch(payload: JWT): number {
  return typeof payload.epoch === 'number' ? payload.epoch : 0;
}

/** A decoded session is refused once its admin has signed out everywhere since it was issued. */
export async function sessionTokenIsCurrent(db: Executor, payload: JWT): Promise<boolean> {
  // next-auth puts the admin's id in `sub`; a token without a well-formed one names no stored admin.
  if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return true;
  return sessionIsCurrent(db, { id: payload.sub, epoch: tokenEpoch(payload) });
}

/**
 * The admin behind a request, or null. A Bearer header is checked against ADMIN_API_TOKEN only
 * (a wrong token is refused even if a session cookie is present); otherwise the next-auth session
 * JWT from the cookies must decrypt with NEXTAUTH_SECRET, name an email, and still be current
 * (`sessionTokenIsCurrent`: its admin has not signed out everywhere since).
 */
export async function resolveAdmin(
  headers: IncomingHttpHeaders,
  config: AdminAuthConfig,
  /** `sessionTokenIsCurrent` against the main database; a seam so cookie parsing tests need none. */
  isCurrent: (payload: JWT) => Promise<boolean>,
): Promise<AdminIdentity | null> {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] && tokenMatches(match[1], config.adminApiToken)
      ? { kind: 'api-token' }
      : null;
  }
  const token = sessionToken(parseCookies(headers.cookie), sessionCookieName(config.secureCookie));
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: config.nextAuthSecret });
    if (typeof payload?.email !== 'string') return null;
    return (await isCurrent(payload))
      ? { kind: 'session', email: payload.email }
      : null;
  } catch {
    return null;
  }
}
