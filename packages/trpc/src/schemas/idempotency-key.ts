import { z } from 'zod';

import { AppError } from '../errors';

const HEADER = 'Idempotency-Key';

/** Printable ASCII, as HTTP headers carry it; a UUID is what the storefront sends. */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The header of a REST route that takes the key (trpc-to-openapi's `requestHeaders`). */
export const idempotencyKeyHeaders = z.object({ 'idempotency-key': idempotencyKey });

/**
 * The key from the tRPC input (`idempotency_key`) or else the REST header; a missing or malformed
 * one is a 400 `validation_error` naming the header.
 */
export function requireIdempotencyKey(
  fromInput: string | undefined,
  fromHeader: string | undefined,
): string {
  const value = fromInput ?? fromHeader;
  const parsed = idempotencyKey.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem = value === undefined ? 'required' : (parsed.error.issues[0]?.message ?? 'invalid');
  throw new AppError('validation_error', `Invalid input: ${HEADER}: ${problem}`, {
    fields: { [HEADER]: problem },
  });
}
