import { inventoryContract } from '@ticketing/trpc/inventory/contract';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../src/router';

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: unknown[];
  output?: unknown;
  meta?: { openapi?: { method: string; path: string } };
}

const procedures = appRouter._def.procedures as Record<string, { _def: ProcedureDef }>;

describe('the router implements exactly the inventory contract', () => {
  it('has the same procedure names', () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(inventoryContract).sort());
  });

  it.each(Object.entries(inventoryContract))(
    '%s: same kind and the contract’s own schemas',
    (name, spec) => {
      const procedure = procedures[name];
      expect(procedure?._def.type).toBe(spec.kind);
      expect(procedure?._def.inputs).toEqual([spec.input]);
      expect(procedure?._def.output).toBe(spec.output);
    },
  );

  it('serves the seed’s REST paths (docs/architecture.md §5)', () => {
    const routes = Object.fromEntries(
      Object.entries(procedures).map(([name, p]) => [
        name,
        p._def.meta?.openapi && `${p._def.meta.openapi.method} ${p._def.meta.openapi.path}`,
      ]),
    );
    expect(routes).toEqual({
      hold: 'POST /inventory/hold',
      release: 'POST /inventory/release',
      commit: 'POST /inventory/commit',
      getItem: 'GET /inventory/items/{session_id}/{ticket_type_id}',
      upsertItem: 'PUT /inventory/items/{session_id}/{ticket_type_id}',
      listItems: undefined,
    });
  });
});
