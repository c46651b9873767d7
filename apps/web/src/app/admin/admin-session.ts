import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { cache } from 'react';

import type { AdminIdentity } from '../../server/auth/admin-identity';
import { authOptions } from '../../server/auth/next-auth-options';
import { serverCaller } from '../../server/caller';

export const SIGN_IN_PATH = '/admin/sign-in';

/** The signed-in admin's e-mail, or null; read once per request however many components ask. */
export const currentAdminEmail = cache(async (): Promise<string | null> => {
  const session = await getServerSession(authOptions());
  return session?.user?.email ?? null;
});

/** Only paths inside the admin are followed after sign-in (no open redirect). */
export function safeAdminPath(path: string | undefined): string {
  return path && /^\/admin(\/[\w\-/]*)?(\?[^\s]*)?$/.test(path) && !path.startsWith(SIGN_IN_PATH)
    ? path
    : '/admin';
}

/**
 * Every admin page starts here: an anonymous (or expired) visitor is sent to the sign-in page,
 * which brings them back to `returnTo` afterwards. Pages call it themselves, not only the layout,
 * because a layout is not rendered again when the browser navigates between its pages.
 */
export async function requireAdmin(returnTo: string): Promise<{
  email: string;
  caller: ReturnType<typeof serverCaller>;
}> {
  const email = await currentAdminEmail();
  if (!email) redirect(`${SIGN_IN_PATH}?next=${encodeURIComponent(safeAdminPath(returnTo))}`);
  const identity: AdminIdentity = { kind: 'session', email };
  return { email, caller: serverCaller(identity) };
}
