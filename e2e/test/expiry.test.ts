import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectStatus, field } from '../src/api';
import { expectSettled } from '../src/invariants';
import { type Platform, startPlatform } from '../src/platform';
import { waitFor } from '../src/wait-for';

/** Long enough to check out within it on a busy machine, short enough for a quick suite. */
const HOLD_TTL_SECONDS = 5;

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ suite: 'expiry', holdTtlSeconds: HOLD_TTL_SECONDS });
});
afterAll(() => platform?.stop());

describe('expiry with a short hold lifetime', () => {
  it('returns the seats of an unpaid hold, and refuses a confirm after the deadline (410) and returns its seats too', async () => {
    const { api } = platform;
    const item = await api.createItem({ quantity: 5 });

    // A hold nobody checks out, and an order nobody pays in time.
    const abandoned = field(expectStatus(await api.hold(item, 2), 201, 'hold'), 'hold_id');
    const late = expectStatus(await api.hold(item, 3), 201, 'hold');
    const lateHold = field(late, 'hold_id');
    const checkout = expectStatus(await api.checkout(lateHold), 201, 'checkout');
    const orderId = field(checkout, 'order_id');
    expect(Date.parse(field(checkout, 'payment_deadline'))).toBe(
      Date.parse(field(late, 'expires_at')),
    );
    expect((await api.inventoryItem(item)).body).toMatchObject({
      available_quantity: 0,
      held_quantity: 5,
    });

    // I6: within a few seconds of the deadline every seat is available again.
    const deadline = Date.parse(field(late, 'expires_at'));
    await waitFor(async () => (await api.inventoryItem(item)).body.available_quantity === 5, {
      timeoutMs: HOLD_TTL_SECONDS * 1_000 + 15_000,
      intervalMs: 250,
      message: 'seats back',
    });
    const secondsLate = (Date.now() - deadline) / 1_000;
    expect(secondsLate).toBeLessThan(5);

    const confirm = await api.confirm(orderId);
    expect(confirm.status).toBe(410);
    expect(confirm.body).toMatchObject({ error: 'payment_deadline_passed' });

    expect(expectStatus(await api.getHold(abandoned), 200, 'get hold').body).toMatchObject({
      status: 'expired',
    });
    expect(expectStatus(await api.getOrder(orderId), 200, 'get order').body).toMatchObject({
      status: 'cancelled',
    });
    const holds = await platform.db.query<{ hold_id: string; status: string }>(
      'inventory',
      'select hold_id, status from inventory_holds where hold_id = any($1::uuid[]) order by hold_id',
      [[abandoned, lateHold]],
    );
    expect(holds.map((hold) => hold.status)).toEqual(['released', 'released']);
    // The seats can be sold again.
    expectStatus(await api.hold(item, 5), 201, 'hold of the returned seats');
    await expectSettled(platform, api, [item]);
  });
});
