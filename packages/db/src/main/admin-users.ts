import { sql } from 'drizzle-orm';
import { integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

import { createdAt, id } from '../shared/columns';

/** Organisers who may sign in to /admin. `password_hash` is a salted scrypt hash, never the password. */
export const adminUsers = pgTable(
  'admin_users',
  {
    id: id(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Copied into each session at sign-in; raising it ("sign out everywhere") refuses older sessions. */
    sessionEpoch: integer('session_epoch').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('admin_users_email_key').on(sql`lower(${t.email})`)],
);
