import { randomUUID } from 'node:crypto';

import { ADMIN_PAGES, adminNav, signInAsAdmin } from '../src/admin';
import { expect, test } from '../src/fixtures';

const signInHeading = { level: 1, name: 'Sign in to the admin' } as const;

test('an anonymous visit to any admin page lands on the sign-in page, which leads back there', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const pages = [
    ...ADMIN_PAGES.map((entry) => entry.path),
    `/admin/catalog/${randomUUID()}`,
    `/admin/orders/${randomUUID()}`,
  ];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', signInHeading), path).toBeVisible();
    expect(new URL(page.url()).pathname, path).toBe('/admin/sign-in');
    expect(new URL(page.url()).searchParams.get('next'), path).toBe(path);
    await expect(adminNav(page)).toHaveCount(0);
  }
  await saveScreenshot('sign-in');

  // Signing in from a deep link comes back to it.
  await signInAsAdmin(page, platform.admin, '/admin/inventory');
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
});

test('anonymous admin calls are refused: tRPC answers 401 and the CSV export too', async ({
  request,
  platform,
}) => {
  const web = platform.urls.web;
  const query = await request.get(
    `${web}/api/trpc/admin.orders.list?input=${encodeURIComponent('{}')}`,
  );
  expect(query.status()).toBe(401);
  const mutation = await request.post(`${web}/api/trpc/admin.events.create`, {
    data: { name: 'Sneaky', description: 'Should never exist', location: 'Nowhere' },
  });
  expect(mutation.status()).toBe(401);
  const forged = await request.get(
    `${web}/api/trpc/admin.inventory.items?input=${encodeURIComponent('{}')}`,
    {
      headers: { cookie: 'next-auth.session-token=forged' },
    },
  );
  expect(forged.status()).toBe(401);
  const csv = await request.get(`${web}/admin/orders/export`, { maxRedirects: 0 });
  expect(csv.status()).toBe(401);
  const events = await platform.db.query<{ count: number }>(
    'main',
    `select count(*)::int as count from events where name = 'Sneaky'`,
  );
  expect(events[0]?.count).toBe(0);
});

test('a wrong password is refused with an alert; signing out ends the session', async ({
  page,
  platform,
}) => {
  await page.goto('/admin');
  await page.getByLabel('E-mail').fill(platform.admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', signInHeading)).toBeVisible();

  await page.getByLabel('Password').fill(platform.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const nav = adminNav(page);
  for (const name of ['Dashboard', 'Catalog', 'Orders', 'Inventory', 'Event bus', 'Audit log']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText(platform.admin.email)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', signInHeading)).toBeVisible();
  await page.goto('/admin/orders');
  await expect(page.getByRole('heading', signInHeading)).toBeVisible();
  const call = await page.request.get(
    `/api/trpc/admin.orders.list?input=${encodeURIComponent('{}')}`,
  );
  expect(call.status()).toBe(401);
});

test('sign out everywhere ends this session and one in another browser', async ({
  page,
  browser,
  platform,
  saveScreenshot,
}) => {
  const elsewhere = await browser.newContext({ baseURL: platform.urls.web });
  try {
    const other = await elsewhere.newPage();
    await signInAsAdmin(other, platform.admin, '/admin/orders');
    await signInAsAdmin(page, platform.admin);

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sign out everywhere?' });
    await expect(dialog).toBeVisible();
    await saveScreenshot('sign-out-everywhere-dialog');
    // Cancelling changes nothing: the other browser still reads the admin.
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(dialog).toBeHidden();
    const still = await other.request.get(
      `/api/trpc/admin.orders.list?input=${encodeURIComponent('{}')}`,
    );
    expect(still.status()).toBe(200);

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page.getByRole('heading', signInHeading)).toBeVisible();

    await other.reload();
    await expect(other.getByRole('heading', signInHeading)).toBeVisible();
    const refused = await other.request.get(
      `/api/trpc/admin.orders.list?input=${encodeURIComponent('{}')}`,
    );
    expect(refused.status()).toBe(401);

    // Signing in again works at once, on a phone too, where the button shows its icon only.
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAsAdmin(page, platform.admin);
    await expect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
    await saveScreenshot('sign-out-everywhere-phone');
  } finally {
    await elsewhere.close();
  }
});
