import { TRPCClientError } from '@trpc/client';

/** What the pages act on when a call fails: the contract's error code, its message and details. */
export interface ClientError {
  /** A code of the public contract (`insufficient_inventory`, `hold_expired`…) or `network_error`. */
  code: string;
  message: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** Per-field messages of a `validation_error`. */
  fields: Record<string, string>;
  /** Extra fields such as `available` on `insufficient_inventory`. */
  details: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Reads the `{error, message, fields, …}` body that every procedure's error carries. */
export function clientErrorOf(error: unknown): ClientError {
  if (error instanceof TRPCClientError) {
    const shape: unknown = error.shape;
    const data: unknown = error.data;
    const status = isRecord(data) && typeof data.httpStatus === 'number' ? data.httpStatus : undefined;
    if (isRecord(shape) && typeof shape.error === 'string') {
      const { error: code, message, fields, ...details } = shape;
      return {
        code,
        message: typeof message === 'string' ? message : error.message,
        status,
        fields: isRecord(fields) ? (fields as Record<string, string>) : {},
        details,
      };
    }
    if (status === undefined) {
      return { code: 'network_error', message: error.message, fields: {}, details: {} };
    }
  }
  return {
    code: 'unknown_error',
    message: error instanceof Error ? error.message : String(error),
    fields: {},
    details: {},
  };
}
