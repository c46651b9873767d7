import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../src/api';
import { invariantViolations } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'inventory-down' });
});
afterAll(() => platform?.stop());

describe('inventory down', () => {
  it('answers POST /api/holds with 503 inventory_unavailable in well under a second, leaves no active hold, and works again once inventory is back', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 10 });
    expectStatus(await api.hold(item, 1), 201, 'hold while inventory is up');

    await platform.processes.inventory.kill();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await api.hold(item, 2));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: 'inventory_unavailable' });
      expect(answer.ms).toBeLessThan(1_000);
    }

    // Only the hold made while inventory was up is active; the refused ones are not.
    const active = await platform.db.query<{ quantity: number }>(
      'main',
      `select quantity from holds where ticket_type_id = $1 and status = 'active'`,
      [item.ticketTypeId],
    );
    expect(active).toEqual([{ quantity: 1 }]);

    await platform.processes.inventory.start();
    // The circuit breaker lets a trial call through after its reset timeout.
    const hold = await waitFor(
      async () => {
        const answer = await api.hold(item, 2);
        return answer.status === 201 ? answer : null;
      },
      { timeoutMs: 30_000, intervalMs: 250, message: 'a hold to succeed after inventory returned' },
    );
    expect(hold.body).toMatchObject({ status: 'active', quantity: 2 });
    expect((await api.inventoryItem(item)).body).toMatchObject({
      total_quantity: 10,
      available_quantity: 7,
      held_quantity: 3,
    });
    expect(await invariantViolations(platform, api, [item])).toEqual([]);
  });
});
