import { AppError } from '@ticketing/trpc/errors';
import { idempotencyKey } from '@ticketing/trpc/orders/contract';

const HEADER = 'Idempotency-Key';

/** The key of a checkout, from the tRPC input or the REST header; missing or malformed → 400. */
export function requireIdempotencyKey(
  fromInput: string | undefined,
  fromHeader: string | undefined,
): string {
  const parsed = idempotencyKey.safeParse(fromInput ?? fromHeader);
  if (parsed.success) return parsed.data;
  const problem =
    fromInput === undefined && fromHeader === undefined
      ? 'required'
      : (parsed.error.issues[0]?.message ?? 'invalid');
  throw new AppError('validation_error', `Invalid input: ${HEADER}: ${problem}`, {
    fields: { [HEADER]: problem },
  });
}
