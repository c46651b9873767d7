import { TRPCError } from '@trpc/server';

const byTrpcCode: Partial<Record<TRPCError['code'], string>> = {
  NOT_FOUND: 'not_found',
  SERVICE_UNAVAILABLE: 'unavailable',
};

/**
 * The contract code (`not_found`, `orders_unavailable`…) of an error thrown by `serverCaller()`:
 * the code of the AppError behind the TRPCError, or the nearest one for tRPC's own errors.
 */
export function callerErrorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCError)) return undefined;
  const cause: unknown = error.cause;
  if (
    typeof cause === 'object' &&
    cause !== null &&
    'code' in cause &&
    typeof cause.code === 'string'
  ) {
    return cause.code;
  }
  return byTrpcCode[error.code];
}

export const isUnavailableCode = (code: string | undefined) =>
  code === 'unavailable' || code === 'orders_unavailable' || code === 'inventory_unavailable';
