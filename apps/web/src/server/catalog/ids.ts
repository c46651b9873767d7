import { notFound } from '@ticketing/trpc/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URL paths; anything that is not a UUID is simply not found, and never reaches PostgreSQL. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A path id in the one spelling PostgreSQL returns (lower case), so cache keys and their
 * invalidation agree; a malformed id is a 404 like an unknown one.
 */
export function catalogId(what: string, value: string): string {
  if (!isUuid(value)) throw notFound(what, value);
  return value.toLowerCase();
}
