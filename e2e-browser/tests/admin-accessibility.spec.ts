import type { Page } from '@playwright/test';

import { ADMIN_PAGES, signInAsAdmin } from '../src/admin';
import type { AxeScan } from '../src/axe';
import { expect, test } from '../src/fixtures';
import { expectNoSidewaysScroll } from '../src/storefront';

/** The page as loaded (client data included), scanned by axe and measured, on a desktop and a phone. */
async function scanAtBothWidths(
  page: Page,
  axe: AxeScan,
  path: string,
  heading: string | RegExp,
): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // Skeletons carry role=status "Loading …" until the client data is in.
    await expect(page.getByRole('status', { name: /^Loading/ })).toHaveCount(0, {
      timeout: 15_000,
    });
    await axe(`${path} at ${width} px`);
    await expectNoSidewaysScroll(page, `${path} at ${width} px`);
  }
}

test('the admin sign-in page passes axe and fits a phone', async ({ page, axe }) => {
  await scanAtBothWidths(page, axe, '/admin/sign-in', 'Sign in to the admin');
});

for (const { path, heading } of ADMIN_PAGES) {
  test(`${path} passes axe (no serious or critical violation) and fits a 390 px phone`, async ({
    page,
    platform,
    axe,
  }) => {
    await signInAsAdmin(page, platform.admin, path);
    await scanAtBothWidths(page, axe, path, heading);
  });
}

test('an event editor and an order detail pass axe and fit a phone', async ({
  page,
  platform,
  axe,
}) => {
  const event = await platform.catalog.createEvent({ name: 'Accessible evening' });
  const { orderId } = await platform.api.buy(event, 1);
  await signInAsAdmin(page, platform.admin, `/admin/catalog/${event.eventId}`);
  await scanAtBothWidths(page, axe, `/admin/catalog/${event.eventId}`, event.name);
  await scanAtBothWidths(page, axe, `/admin/orders/${orderId}`, /^Order/);
});
