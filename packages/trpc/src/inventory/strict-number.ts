import type { z } from 'zod';

/**
 * Keeps a JSON-body number field strict. trpc-to-openapi switches on zod's coercion
 * (`_def.coerce = true`) for every number field of a procedure it serves over REST — JSON bodies
 * included, and on the shared schema object, so the tRPC path starts coercing too. `Number(x)`
 * then turns `null`, `""` and `[]` into 0 and `true` into 1: a bad `total_quantity` would empty
 * an item instead of answering 400. The setter ignores that switch; the field stays a plain zod
 * number for types and OpenAPI.
 */
export function strictNumber<T extends z.ZodNumber>(schema: T): T {
  Object.defineProperty(schema._zod.def, 'coerce', {
    get: () => false,
    set: () => {},
    enumerable: true,
  });
  return schema;
}
