import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';

import { authOptions } from '../../../../server/auth/next-auth-options';
import { withRateLimitStatus } from '../../../../server/auth/sign-in-response';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per process on first request, not at import (next build loads this module).
function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(req, context, authOptions());
}

// A throttled sign-in answers 429 (with Retry-After) instead of next-auth's 200.
async function post(req: NextRequest, context: RouteContext): Promise<Response> {
  return withRateLimitStatus(await handler(req, context));
}

export { handler as GET, post as POST };
