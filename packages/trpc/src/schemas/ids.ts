import { z } from 'zod';

import { type AppError, notFound } from '../errors';

/**
 * The one UUID pattern of the code base, in any case. Lenient on version and variant bits: it
 * decides what may reach PostgreSQL's `uuid` type, which takes any hexadecimal spelling.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

/**
 * An id in a body or a query: a UUID in any case (400 `validation_error` otherwise), lower-cased,
 * the one spelling PostgreSQL returns, so comparisons, cache keys and fingerprints agree.
 */
export const uuidParam = z.uuid().toLowerCase();

/** What a malformed path id carries in its zod issue, for `malformedPathIdError`. */
interface MalformedPathId {
  notFound: string;
  id: string;
}

const isMalformedPathId = (params: unknown): params is MalformedPathId =>
  typeof params === 'object' &&
  params !== null &&
  typeof (params as Record<string, unknown>).notFound === 'string' &&
  typeof (params as Record<string, unknown>).id === 'string';

/**
 * An id in a URL path, e.g. `pathIdOf('event')` for `/events/{id}`: lower-cased; anything that is
 * not a UUID answers 404 `not_found` ("event x not found") like an unknown id, never a 400, and
 * never reaches PostgreSQL. It is a plain string for OpenAPI and the REST layer; the 404 is made
 * by `malformedPathIdError`, which every service's base middleware applies (procedure-helpers.ts).
 */
export function pathIdOf(what: string, description = `UUID of the ${what}`) {
  return z
    .string()
    .max(100)
    .superRefine((value, ctx) => {
      if (isUuid(value)) return;
      ctx.addIssue({
        code: 'custom',
        message: `${what} ${value} not found`,
        params: { notFound: what, id: value } satisfies MalformedPathId,
      });
    })
    .toLowerCase()
    .describe(description);
}

/**
 * The error a failed input parse answers when a path id is malformed: the 404 of that id when it
 * is the only problem; otherwise the other problems alone (400), exactly as if the id had been
 * checked after the input was valid. Undefined when no path id is malformed.
 */
export function malformedPathIdError(error: z.ZodError): AppError | z.ZodError | undefined {
  const malformed = error.issues.flatMap((issue) =>
    issue.code === 'custom' && isMalformedPathId(issue.params) ? [issue.params] : [],
  );
  const [first] = malformed;
  if (!first) return undefined;
  const others = error.issues.filter(
    (issue) => !(issue.code === 'custom' && isMalformedPathId(issue.params)),
  );
  if (others.length === 0) return notFound(first.notFound, first.id);
  // ZodRealError is the Error subclass parse() throws; tRPC keeps only Error causes.
  return new z.ZodRealError(others);
}
