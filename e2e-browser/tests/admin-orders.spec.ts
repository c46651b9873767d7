import { expectStatus, field } from '@ticketing/e2e/api';

import { signInAsAdmin } from '../src/admin';
import { expect, test } from '../src/fixtures';
import { buyerEmail } from '../src/storefront';

test('an admin finds an order by e-mail and refunds it; the seats are on sale again and the buyer sees the refund', async ({
  page,
  browser,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Refund night',
    ticketType: { name: 'Front row', price: '75.00', quantity: 6 },
  });
  const email = buyerEmail('refund');
  const hold = expectStatus(await platform.api.hold(event, 2, email), 201, 'hold');
  const order = expectStatus(
    await platform.api.checkout(field(hold, 'hold_id'), { email }),
    201,
    'checkout',
  );
  const orderId = field(order, 'order_id');
  expectStatus(await platform.api.confirm(orderId), 200, 'confirm');
  await expect
    .poll(async () => (await platform.api.inventoryItem(event)).body.committed_quantity)
    .toBe(2);

  await signInAsAdmin(page, platform.admin, '/admin/orders');
  const search = page.getByRole('searchbox', { name: 'Search orders' });
  await search.fill(email);
  await search.press('Enter');
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(2); // header + the order
  await expect(table).toContainText(email);
  await expect(table).toContainText('Confirmed');

  // The CSV export has the same filtered list, with the admin's session only.
  const csv = await page.request.get(`/admin/orders/export?q=${encodeURIComponent(email)}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(orderId);

  await table.getByRole('link', { name: `Order ${orderId}` }).click();
  await expect(page.getByText(orderId).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Items', exact: true })).toContainText('Front row');
  await expect(page.getByRole('region', { name: 'Payment', exact: true })).toContainText(
    'Succeeded',
  );
  await expect(page.getByRole('region', { name: 'Events produced', exact: true })).toContainText(
    'order.confirmed',
  );

  await page.getByRole('button', { name: 'Refund order' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Refund this order?' });
  await expect(dialog).toContainText('€150.00');
  // A double click sends one refund (and the procedure is idempotent anyway).
  await dialog.getByRole('button', { name: 'Refund order' }).dblclick();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Refunded');
  await expect(page.getByRole('region', { name: 'Status history', exact: true })).toContainText(
    'refunded',
  );
  await expect(page.getByRole('region', { name: 'Payment', exact: true })).toContainText(
    'Refunded',
  );
  await expect(page.getByRole('button', { name: 'Refund order' })).toHaveCount(0);
  await saveScreenshot('refunded', { docs: 'admin-order' });

  const refunds = await platform.db.query<{ count: number }>(
    'orders',
    `select count(*)::int as count from payments where order_id = $1 and status = 'refunded'`,
    [orderId],
  );
  expect(refunds[0]?.count).toBe(1);

  // The committed seats go back on sale through the events.
  await expect
    .poll(async () => (await platform.api.inventoryItem(event)).body, { timeout: 20_000 })
    .toMatchObject({ committed_quantity: 0, available_quantity: 6 });

  const buyer = await browser.newContext();
  try {
    const orderPage = await buyer.newPage();
    await orderPage.goto(`${platform.urls.web}/orders/${orderId}`);
    await expect(orderPage.getByText('This order was refunded')).toBeVisible();
  } finally {
    await buyer.close();
  }
});
