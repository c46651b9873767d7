import { sql } from 'drizzle-orm';
import { type AnyPgColumn, numeric, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Column builders every database uses the same way. */

export const id = () => uuid('id').primaryKey().defaultRandom();

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

export const updatedAt = () =>
  timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Money is numeric(12,2), read and written as a decimal string, never a float. */
export const money = (name: string) => numeric(name, { precision: 12, scale: 2 });

/** CHECK expression limiting a text status column to its allowed values. */
export const oneOf = (column: AnyPgColumn, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(', '))})`;
