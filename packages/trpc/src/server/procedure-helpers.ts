import type { TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { AppError } from '../errors';
import { describeError, toTRPCError } from './error-shape';

/** Procedure meta of every service: the REST route (trpc-to-openapi) and its success status. */
export type Meta = OpenApiMeta<{ successStatus?: 200 | 201 | 204 }>;

/**
 * `errorFormatter` for initTRPC: tRPC clients get the same `error`/`message`/`fields` as REST
 * clients, beside tRPC's own shape.
 */
export function formatError<TShape extends object>({
  shape,
  error,
}: {
  shape: TShape;
  error: TRPCError;
}) {
  return { ...shape, ...describeError(error).body };
}

/**
 * Body of the base middleware of every service: a domain AppError leaves the procedure as a
 * TRPCError with the matching code, so callers and HTTP statuses see what went wrong.
 */
export function rethrowAppError<TResult extends { ok: boolean; error?: TRPCError }>(
  result: TResult,
): TResult {
  if (!result.ok && result.error?.cause instanceof AppError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
}
