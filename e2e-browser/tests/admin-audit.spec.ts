import { adminNav, signInAsAdmin } from '../src/admin';
import { expect, test } from '../src/fixtures';
import { expectNoSidewaysScroll } from '../src/storefront';

test("the audit log shows an admin's refund with who, when and from where, and filters by action and person", async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Audited night',
    ticketType: { name: 'Circle', price: '45.00', quantity: 4 },
  });
  const { orderId } = await platform.api.buy(event, 1);

  await signInAsAdmin(page, platform.admin, `/admin/orders/${orderId}`);
  await page.getByRole('button', { name: 'Refund order' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Refund this order?' });
  await dialog.getByRole('button', { name: 'Refund order' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Refunded');

  await adminNav(page).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Action').selectOption({ label: 'Order refunded' });
  await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('order.refund');
  const table = page.getByRole('region', { name: 'Audit log' }).getByRole('table');
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: `Order ${orderId}` }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Order refunded');
  await expect(row).toContainText(platform.admin.email);
  await expect(row).toContainText('refunded_by_admin');
  await expect(row).toContainText('45.00');
  // The address the web's front saw: the browser on this machine.
  await expect(row).toContainText(/127\.0\.0\.1|::1/);
  await saveScreenshot('refund');

  // The sign-in before it, found by the start of the admin's e-mail.
  await page.getByLabel('Action').selectOption({ label: 'Signed in' });
  // A filter change remounts the bar (its fields start from the address), so type after it lands.
  await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('admin.sign_in');
  const who = page.getByRole('searchbox', { name: 'Who' });
  await who.fill(platform.admin.email.slice(0, 6));
  await who.press('Enter');
  await expect
    .poll(() => new URL(page.url()).searchParams.get('actor'))
    .toBe(platform.admin.email.slice(0, 6));
  const newest = table.getByRole('row').nth(1);
  await expect(newest).toContainText('Signed in');
  await expect(newest).toContainText(platform.admin.email);

  // On a phone the list scrolls inside its box, the entry still leads to the order.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/admin/audit?action=order.refund');
  await page.getByRole('link', { name: `Order ${orderId}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Refunded');
  await page.goto('/admin/audit?action=order.refund');
  await expect(page.getByRole('link', { name: `Order ${orderId}` })).toBeVisible();
  // A phone reads each entry as a stacked card (who, what, when, from where), not a wide table.
  await expect(page.getByRole('table')).toHaveCount(0);
  const card = page
    .getByRole('region', { name: 'Audit log' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: `Order ${orderId}` }) });
  await expect(card).toContainText(platform.admin.email);
  await expect(card).toContainText('Order refunded');
  await expect(card).toContainText(/127\.0\.0\.1|::1/);
  await expect(card).toContainText(/\d{2}:\d{2}:\d{2}/); // when
  await expectNoSidewaysScroll(page, '/admin/audit with entries at 390 px');
  await saveScreenshot('phone');
});
