import { TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';

import { AppError } from '../errors';
import { malformedPathIdError } from '../schemas/ids';
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
 * TRPCError with the matching code, so callers and HTTP statuses see what went wrong; and an
 * input whose only fault is a malformed path id (`pathIdOf`, schemas/ids.ts) answers that id's
 * 404, as an unknown id does.
 */
export function rethrowAppError<TResult extends { ok: boolean; error?: TRPCError }>(
  result: TResult,
): TResult {
  if (result.ok || !result.error) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) throw toTRPCError(cause);
  if (result.error.code === 'BAD_REQUEST' && cause instanceof ZodError) {
    const answer = malformedPathIdError(cause);
    if (answer instanceof AppError) throw toTRPCError(answer);
    if (answer) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: result.error.message, cause: answer });
    }
  }
  return result;
}
