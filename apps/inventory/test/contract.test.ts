import { describe, expect, it } from 'vitest';

import { appRouter } from '../src/router';

interface ProcedureDef {
  meta?: { openapi?: { method: string; path: string } };
}

const procedures = appRouter._def.procedures as Record<string, { _def: ProcedureDef }>;

// The router is built from the contract (implement), so names, kinds and schemas cannot drift;
// what stays to check is that the contract's routes are the seed's.
describe('the inventory router', () => {
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
