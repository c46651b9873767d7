import { ADMIN_PAGES, signInAsAdmin } from '../src/admin';
import { expect, test } from '../src/fixtures';
import { expectNoSidewaysScroll } from '../src/storefront';

test('every admin page passes axe (no serious or critical violation) and fits a 390 px phone', async ({
  page,
  platform,
  axe,
}) => {
  await page.goto('/admin/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to the admin' })).toBeVisible();
  await axe('the admin sign-in page');

  const event = await platform.catalog.createEvent({ name: 'Accessible evening' });
  const { orderId } = await platform.api.buy(event, 1);
  await signInAsAdmin(page, platform.admin);
  const pages = [
    ...ADMIN_PAGES,
    { path: `/admin/catalog/${event.eventId}`, heading: event.name },
    { path: `/admin/orders/${orderId}`, heading: /^Order/ },
  ];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const { path, heading } of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // Wait for the client data (skeletons carry role=status "Loading …").
      await expect(page.getByRole('status', { name: /^Loading/ })).toHaveCount(0, {
        timeout: 15_000,
      });
      await axe(`${path} at ${width} px`);
      await expectNoSidewaysScroll(page, path);
    }
  }
});
