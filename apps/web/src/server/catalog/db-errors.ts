import { AppError } from '@ticketing/trpc/errors';

const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';

/** SQLSTATE of a PostgreSQL error, also when Drizzle wraps it (DrizzleQueryError keeps it as `cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Deleting catalog rows that holds still reference is refused by the foreign key: a 409, not a 500. */
export async function refuseWhenReferenced<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) {
      throw new AppError('conflict', `${what} has holds and cannot be deleted`);
    }
    throw error;
  }
}

/** The 409 naming the field for a second ticket type with the same name in one session. */
export function duplicateName(): AppError {
  const message = 'A ticket type with this name already exists in the session';
  return new AppError('conflict', message, { fields: { name: message } });
}

/** A second ticket type with the same name in one session breaks a unique key: a 409 naming the field. */
export async function refuseDuplicateName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw duplicateName();
    throw error;
  }
}
