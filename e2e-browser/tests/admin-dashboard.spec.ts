import { expectStatus, field } from '@ticketing/e2e/api';

import { signInAsAdmin, tileValue } from '../src/admin';
import { expect, test } from '../src/fixtures';
import { buyerEmail } from '../src/storefront';

const count = (text: string) => Number(text.replace(/[^\d]/g, ''));

test('the dashboard shows a sale a buyer just made', async ({ page, platform, saveScreenshot }) => {
  const event = await platform.catalog.createEvent({
    name: 'Dashboard sale',
    ticketType: { name: 'Stalls', price: '40.00', quantity: 30 },
  });
  await signInAsAdmin(page, platform.admin);
  const soldBefore = count(await tileValue(page, 'Tickets sold'));
  const ordersBefore = count(await tileValue(page, 'Orders today'));

  // A buyer pays for 3 seats through the public API.
  const email = buyerEmail('dashboard');
  const hold = expectStatus(await platform.api.hold(event, 3, email), 201, 'hold');
  const order = expectStatus(
    await platform.api.checkout(field(hold, 'hold_id'), { email }),
    201,
    'checkout',
  );
  expectStatus(await platform.api.confirm(field(order, 'order_id')), 200, 'confirm');

  // The figures follow the events (a rollup kept by the consumers): give them a moment.
  await expect
    .poll(
      async () => {
        await page.reload();
        return count(await tileValue(page, 'Tickets sold'));
      },
      { timeout: 20_000, intervals: [500, 1_000, 2_000] },
    )
    .toBe(soldBefore + 3);
  expect(count(await tileValue(page, 'Orders today'))).toBe(ordersBefore + 1);

  // Narrowed to the event, the tiles and the chart's text alternative show this sale alone.
  await page.getByLabel('Event').selectOption({ label: event.name });
  await expect.poll(async () => count(await tileValue(page, 'Tickets sold'))).toBe(3);
  expect(await tileValue(page, 'Revenue')).toBe('€120.00');
  const perDay = page.getByRole('table', { name: 'Tickets sold and revenue per day' });
  await expect(perDay.getByRole('row').filter({ hasText: '€120.00' })).toHaveCount(1);
  const sellThrough = page.getByRole('table', { name: 'Sell-through per ticket type' });
  await expect(sellThrough.getByRole('row', { name: /Stalls/ })).toContainText('27');
  await saveScreenshot('dashboard', { docs: 'admin-dashboard' });
});
