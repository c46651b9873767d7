import type { Executor } from '@ticketing/db/client';
import { adminUsers } from '@ticketing/db/main/admin-users';
import { eq, sql } from 'drizzle-orm';

import { hashPassword, verifyPassword } from './password';

export interface AdminUser {
  id: string;
  email: string;
  /** Copied into the session at sign-in (see `sessionIsCurrent`). */
  sessionEpoch: number;
}

/**
 * Makes sure an admin with this email exists (the first admin, from ADMIN_EMAIL/ADMIN_PASSWORD).
 * An existing admin is left as is, password included: running it again changes nothing.
 */
export async function ensureAdminUser(
  db: Executor,
  { email, password }: { email: string; password: string },
): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(adminUsers)
    .values({ email: email.trim(), passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: adminUsers.id });
  return { created: inserted.length > 0 };
}

// Unknown emails still pay for one scrypt, so response time does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;

/** The admin whose email and password match, or null. */
export async function verifyAdminCredentials(
  db: Executor,
  email: string,
  password: string,
): Promise<AdminUser | null> {
  const [user] = await db
    .select({
      id: adminUsers.id,
      email: adminUsers.email,
      passwordHash: adminUsers.passwordHash,
      sessionEpoch: adminUsers.sessionEpoch,
    })
    .from(adminUsers)
    .where(sql`lower(${adminUsers.email}) = lower(${email.trim()})`);
  if (!user) {
    decoyHash ??= hashPassword('decoy password');
    await verifyPassword(password, await decoyHash);
    return null;
  }
  return (await verifyPassword(password, user.passwordHash))
    ? { id: user.id, email: user.email, sessionEpoch: user.sessionEpoch }
    : null;
}

/**
 * Whether a session issued to admin `id` at `epoch` still counts: false once that admin has signed
 * out everywhere since (epoch raised). One primary-key lookup per admin request. A token naming no
 * stored admin is not refused here (only NEXTAUTH_SECRET can mint one; the secret is the guard).
 */
export async function sessionIsCurrent(
  db: Executor,
  { id, epoch }: { id: string; epoch: number },
): Promise<boolean> {
  const [row] = await db
    .select({ sessionEpoch: adminUsers.sessionEpoch })
    .from(adminUsers)
    .where(eq(adminUsers.id, id));
  return row === undefined || row.sessionEpoch === epoch;
}

/** Sign out everywhere: every session issued before this is refused from now on. */
export async function endAllSessions(
  db: Executor,
  { email }: { email: string },
): Promise<{ id: string; sessionEpoch: number } | null> {
  const [row] = await db
    .update(adminUsers)
    .set({ sessionEpoch: sql`${adminUsers.sessionEpoch} + 1` })
    .where(sql`lower(${adminUsers.email}) = lower(${email})`)
    .returning({ id: adminUsers.id, sessionEpoch: adminUsers.sessionEpoch });
  return row ?? null;
}
