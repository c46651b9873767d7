import { RATE_LIMITED_PREFIX } from './sign-in-limiter';

/**
 * next-auth answers a refused credentials sign-in with 200 (or a redirect) naming the error in
 * the URL; a throttled one is a 429 with Retry-After here, as every other limited route answers.
 * The body stays next-auth's, so its client still reads the error.
 */
export async function withRateLimitStatus(response: Response, retryAfterSeconds = 900) {
  const location = response.headers.get('location') ?? '';
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  const body = isJson ? await response.clone().text() : '';
  const target = isJson ? ((JSON.parse(body || '{}') as { url?: unknown }).url ?? '') : location;
  if (typeof target !== 'string') return response;
  const error = target.includes('?') ? new URL(target, 'http://x').searchParams.get('error') : null;
  if (!error?.startsWith(RATE_LIMITED_PREFIX)) return response;
  const minutes = /in (\d+) minute/.exec(error)?.[1];
  const headers = new Headers(response.headers);
  headers.delete('location');
  headers.set('retry-after', String(minutes ? Number(minutes) * 60 : retryAfterSeconds));
  headers.set('content-type', 'application/json');
  return new Response(isJson ? body : JSON.stringify({ url: target }), { status: 429, headers });
}
