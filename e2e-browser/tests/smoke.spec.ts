import { expect, test } from '../src/fixtures';

test('the production build serves the storefront with pages on', async ({
  page,
  platform,
  axe,
  saveScreenshot,
}) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The API is served by the same process (the custom server, not Next's routing).
  const health = await fetch(`${platform.urls.web}/readyz`);
  expect(health.status).toBe(200);
  await saveScreenshot('home');
  await axe('home');
});
