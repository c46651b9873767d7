/**
 * Opaque page cursors over (created_at, id). The timestamp keeps PostgreSQL's microseconds (a JS
 * Date would round them and repeat or skip rows), so it travels as the text PostgreSQL printed.
 */
export interface Cursor {
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or null when it is not one this server issued (a 400 for the caller). */
export function decodeCursor(value: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const [createdAt, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0) return null;
  if (!TIMESTAMP.test(createdAt) || !UUID.test(id)) return null;
  // Reject impossible dates (month 13, 31 February) before PostgreSQL would.
  const millis = `${createdAt.slice(0, 23)}Z`;
  const parsed = new Date(millis);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString() !== millis) return null;
  return { createdAt, id };
}
