import { AppError } from '@ticketing/trpc/errors';
import { idempotencyKey } from '@ticketing/trpc/orders/contract';

const HEADER = 'Idempotency-Key';

/** The key from the tRPC input or the REST header; a missing or malformed one is a 400 naming it. */
export function requireIdempotencyKey(
  fromInput: string | undefined,
  fromHeader: string | undefined,
) {
  const value = fromInput ?? fromHeader;
  if (value === undefined) {
    throw new AppError('validation_error', `Invalid input: ${HEADER}: required`, {
      fields: { [HEADER]: 'required' },
    });
  }
  const parsed = idempotencyKey.safeParse(value);
  if (!parsed.success) {
    const problem = parsed.error.issues[0]?.message ?? 'invalid';
    throw new AppError('validation_error', `Invalid input: ${HEADER}: ${problem}`, {
      fields: { [HEADER]: problem },
    });
  }
  return parsed.data;
}
