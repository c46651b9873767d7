import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { decode } from 'next-auth/jwt';

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

/**
 * The admin behind a request, or null. A Bearer header is checked against ADMIN_API_TOKEN only
 * (a wrong token is refused even if a session cookie is present); otherwise the next-auth session
 * JWT from the cookies must decrypt with NEXTAUTH_SECRET and name an email.
 */
export async function resolveAdmin(
  headers: IncomingHttpHeaders,
  config: AdminAuthConfig,
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
    return typeof payload?.email === 'string' ? { kind: 'session', email: payload.email } : null;
  } catch {
    return null;
  }
}
