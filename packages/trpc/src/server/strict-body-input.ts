import type { AnyRouter } from '@trpc/server';

import type { Meta } from './procedure-helpers';

/** The parts of a zod 4 schema definition this walk needs. */
interface SchemaDef {
  type: string;
  coerce?: boolean;
  innerType?: SchemaNode;
  element?: SchemaNode;
  in?: SchemaNode;
  shape?: Record<string, SchemaNode>;
}
interface SchemaNode {
  _zod?: { def: SchemaDef };
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
]);
const COERCIBLE = new Set(['number', 'boolean', 'bigint', 'date']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * trpc-to-openapi switches on zod coercion (`def.coerce = true`) for every number, boolean, bigint
 * and date field of a procedure it serves over REST, JSON bodies included, and it does so on the
 * shared schema object, so the tRPC path coerces too. Coercion is right for query strings but
 * wrong for JSON: `Number(null)` is 0 and `Boolean("false")` is true, so bad input would change
 * data instead of answering 400. This pins `coerce` to false on the inputs of every body route.
 */
export function keepBodyInputsStrict(router: AnyRouter): void {
  for (const procedure of Object.values(router._def.procedures)) {
    const def = (procedure as { _def?: { meta?: Meta; inputs?: SchemaNode[] } })._def;
    const method = def?.meta?.openapi?.method;
    if (!method || !BODY_METHODS.has(method)) continue;
    for (const input of def.inputs ?? []) pinCoercionOff(input);
  }
}

function pinCoercionOff(schema: SchemaNode | undefined): void {
  const def = schema?._zod?.def;
  if (!def) return;
  if (COERCIBLE.has(def.type)) {
    // Already pinned (a second handler on the same router): redefining would throw.
    if (Object.getOwnPropertyDescriptor(def, 'coerce')?.configurable === false) return;
    Object.defineProperty(def, 'coerce', { get: () => false, set: () => {}, enumerable: true });
  } else if (WRAPPERS.has(def.type)) {
    pinCoercionOff(def.innerType);
  } else if (def.type === 'array') {
    pinCoercionOff(def.element);
  } else if (def.type === 'pipe') {
    pinCoercionOff(def.in);
  } else if (def.type === 'object') {
    for (const field of Object.values(def.shape ?? {})) pinCoercionOff(field);
  }
}
