import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';

import { AppError, type ErrorCode } from '../errors';

/** The public error body: `{error, message}`, plus `fields` for validation and any details. */
export interface PublicError {
  error: ErrorCode | 'parse_error' | 'unsupported_media_type' | 'payload_too_large' | 'forbidden';
  message: string;
  fields?: Record<string, string>;
  [detail: string]: unknown;
}

const trpcCodeOf: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  // tRPC has no 410; PRECONDITION_FAILED is the nearest, and REST answers the exact status.
  410: 'PRECONDITION_FAILED',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** Public code and status of tRPC's own errors (bad JSON, unknown route, auth middleware). */
const fromTrpc: Partial<Record<TRPC_ERROR_CODE_KEY, [PublicError['error'], number]>> = {
  BAD_REQUEST: ['validation_error', 400],
  PARSE_ERROR: ['parse_error', 400],
  UNAUTHORIZED: ['unauthorized', 401],
  FORBIDDEN: ['forbidden', 403],
  NOT_FOUND: ['not_found', 404],
  METHOD_NOT_SUPPORTED: ['not_found', 404],
  CONFLICT: ['conflict', 409],
  PAYLOAD_TOO_LARGE: ['payload_too_large', 413],
  UNSUPPORTED_MEDIA_TYPE: ['unsupported_media_type', 415],
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({
    code: trpcCodeOf[error.status] ?? 'INTERNAL_SERVER_ERROR',
    message: error.message,
    cause: error,
  });
}

function fieldsOf(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** The detail of an error body that is also sent as the `Retry-After` header (seconds). */
export const RETRY_AFTER_DETAIL = 'retry_after_seconds';

export interface DescribedError {
  status: number;
  body: PublicError;
  /** Response headers the error brings (`retry-after` of a 429). */
  headers?: Record<string, string>;
}

/** Maps any error a procedure ended with to the public body, HTTP status and headers. */
export function describeError(error: TRPCError): DescribedError {
  const cause = error.cause;
  if (cause instanceof AppError) {
    const retryAfter = cause.details?.[RETRY_AFTER_DETAIL];
    return {
      status: cause.status,
      body: { ...cause.details, error: cause.code, message: cause.message },
      ...(typeof retryAfter === 'number' ? { headers: { 'retry-after': String(retryAfter) } } : {}),
    };
  }
  if (error.code === 'BAD_REQUEST' && cause instanceof ZodError) {
    const fields = fieldsOf(cause);
    const names = Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`);
    return {
      status: 400,
      body: { error: 'validation_error', message: `Invalid input: ${names.join('; ')}`, fields },
    };
  }
  const known = fromTrpc[error.code];
  if (known) {
    return { status: known[1], body: { error: known[0], message: error.message } };
  }
  // Never leak internals: the cause is logged by the server, not sent.
  return { status: 500, body: { error: 'internal_error', message: 'Internal server error' } };
}
