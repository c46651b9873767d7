import { expect,type Locator, type Page } from '@playwright/test';

/**
 * What an organiser does in /admin, by role and label only (the label contract): the admin
 * browser tests share these steps.
 */

export const ADMIN_PAGES = [
  { path: '/admin', heading: 'Dashboard' },
  { path: '/admin/catalog', heading: 'Catalog' },
  { path: '/admin/catalog/new', heading: 'New event' },
  { path: '/admin/orders', heading: 'Orders' },
  { path: '/admin/inventory', heading: 'Inventory' },
  { path: '/admin/event-bus', heading: 'Event bus' },
  { path: '/admin/audit', heading: 'Audit log' },
] as const;

/** Signs in through the sign-in page and waits for the page it was asked for. */
export async function signInAsAdmin(
  page: Page,
  admin: { email: string; password: string },
  path = '/admin',
): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to the admin' })).toBeVisible();
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === new URL(path, url).pathname);
  await expect(page.getByRole('navigation', { name: 'Admin' })).toBeVisible();
}

export function adminNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Admin' });
}

/** The figure a dashboard tile shows ("Tickets sold", "Revenue", …), as text. */
export async function tileValue(page: Page, label: string): Promise<string> {
  const tile = page.getByRole('group', { name: label, exact: true });
  const value = tile.getByTestId('tile-value');
  await expect(value).toBeVisible();
  return (await value.textContent())?.trim() ?? '';
}

/** A `datetime-local` value `days` from now at `hour`:00, in the browser's (UTC) time zone. */
export function localDateTime(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 24 * 3600_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString().slice(0, 16);
}
