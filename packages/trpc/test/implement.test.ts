import { describe, expect, expectTypeOf, it } from 'vitest';

import type { Meta } from '../src/server/procedure-helpers';
import { caller, contract, ID, request, router, useThingsServer } from './support/things-service';

useThingsServer();

interface ProcedureDef {
  type: string;
  inputs: unknown[];
  output?: unknown;
  meta?: Meta;
}
const defs = router._def.procedures as Record<string, { _def: ProcedureDef }>;

describe('implement(contract, handlers)', () => {
  it('builds one procedure per entry with its kind, schemas and REST meta', () => {
    expect(Object.keys(defs).sort()).toEqual(Object.keys(contract).sort());
    for (const [name, entry] of Object.entries(contract)) {
      expect(defs[name]?._def.type, name).toBe(entry.kind);
      expect(defs[name]?._def.inputs, name).toEqual([entry.input]);
      expect(defs[name]?._def.output, name).toBe(entry.output);
    }
    expect(defs.getThing?._def.meta).toEqual({
      openapi: { method: 'GET', path: '/things/{id}', tags: ['things'] },
    });
    expect(defs.resizeThing?._def.meta).toEqual({
      openapi: { method: 'POST', path: '/things/{id}/resize' },
      successStatus: 201,
    });
    expect(defs.countThings?._def.meta).toBeUndefined();
  });

  it('types handlers and the router from the contract', () => {
    expectTypeOf(router.getThing._def.type).toEqualTypeOf<'query'>();
    expectTypeOf(router.resizeThing._def.type).toEqualTypeOf<'mutation'>();
    expectTypeOf<typeof router.resizeThing._def.$types.input>().toEqualTypeOf<{
      id: string;
      size: number;
    }>();
    expectTypeOf<typeof router.countThings._def.$types.output>().toEqualTypeOf<number>();
    expectTypeOf(caller.getThing).parameter(0).toEqualTypeOf<{ id: string }>();
  });

  it('serves the REST routes with the contract’s success status', async () => {
    expect(await request('GET', `/things/${ID}`)).toEqual({
      status: 200,
      body: { id: ID, name: 'one', size: 1 },
    });
    expect(await request('POST', `/things/${ID}/resize`, { size: 3 })).toEqual({
      status: 201,
      body: { id: ID, name: 'one', size: 3 },
    });
  });
});
