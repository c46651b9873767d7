import type { AdminIdentity } from './auth/admin-identity';
import { createCaller } from './router';
import { getWebServices } from './services';
import { createInnerContext } from './trpc';

/** Procedures called in-process by server components (no HTTP round trip). */
export function serverCaller(admin: AdminIdentity | null = null) {
  return createCaller(createInnerContext(getWebServices(), admin));
}
