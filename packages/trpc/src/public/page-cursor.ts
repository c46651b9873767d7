/**
 * The page cursors the web hands out (`next_cursor`): opaque to clients, over (a timestamp, id).
 * The timestamp keeps PostgreSQL's microseconds (a JS Date would round them and repeat or skip
 * rows), so it travels as the text PostgreSQL printed. The contract refuses a cursor this server
 * did not issue (400) before any query sees it.
 */
import { isUuid } from '../schemas/ids';

export interface Cursor {
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or null when it is not one this server issued (a 400 for the caller). */
export function decodeCursor(value: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const [createdAt, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0) return null;
  if (!TIMESTAMP.test(createdAt) || !isUuid(id)) return null;
  // Reject impossible dates (month 13, 31 February) before PostgreSQL would.
  const millis = `${createdAt.slice(0, 23)}Z`;
  const parsed = new Date(millis);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString() !== millis) return null;
  return { createdAt, id };
}
