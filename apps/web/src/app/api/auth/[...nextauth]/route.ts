import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '../../../../server/auth/next-auth-options';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per process on first request, not at import (next build loads this module).
function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(req, context, authOptions());
}

export { handler as GET, handler as POST };
