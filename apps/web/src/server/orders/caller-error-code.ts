import { TRPCError } from '@trpc/server';

const byTrpcCode: Partial<Record<TRPCError['code'], string>> = {
  NOT_FOUND: 'not_found',
  SERVICE_UNAVAILABLE: 'unavailable',
};

/**
 * The contract code (`not_found`, `orders_unavailable`…) of an error thrown by `serverCaller()`.
 * Next's server bundle and the custom server load separate copies of `AppError`, so an error that
 * the orders gateway (created by the custom server) throws is not an `instanceof` of the copy the
 * procedures see, and reaches a page as INTERNAL_SERVER_ERROR with the original as its cause: the
 * cause's own `code` is what tells.
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
