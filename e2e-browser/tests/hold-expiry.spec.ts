import { expectStatus } from '@ticketing/e2e/api';

import { expect, test } from '../src/fixtures';
import { buyerEmail, countdown, holdSeats, ticketTypeGroup } from '../src/storefront';

test('a hold that runs out says so on the checkout page, and its seats are on sale again', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  // The second web of the run: same databases, holds that live a few seconds only.
  const web = platform.urls.shortTtlWeb;
  const ttlMs = platform.shortHoldTtlSeconds * 1000;
  const event = await platform.catalog.createEvent({
    name: 'Open Air Cinema Night',
    startsInDays: 4,
    location: 'Westerpark, Amsterdam',
    imageUrl: '/images/theatre.svg',
    ticketType: { name: 'Deck chair', price: '12.00', quantity: 5 },
  });

  await page.goto(`${web}/events/${event.eventId}`);
  await holdSeats(page, { ticketType: 'Deck chair', quantity: 3, email: buyerEmail('expiry') });
  await expect(countdown(page)).toBeVisible();
  const held = expectStatus(await platform.api.inventoryItem(event), 200, 'item').body;
  expect(held).toMatchObject({ available_quantity: 2, held_quantity: 3 });

  await expect(page.getByRole('heading', { name: 'Your seats were released' })).toBeVisible({
    timeout: ttlMs + 10_000,
  });
  const back = page.getByRole('link', { name: 'Back to the event' });
  await expect(back).toBeVisible();
  await saveScreenshot('seats-released');

  // Inventory got them back, and the public availability shows it.
  await expect
    .poll(async () => (await platform.api.inventoryItem(event)).body, { timeout: 15_000 })
    .toMatchObject({ available_quantity: 5, held_quantity: 0 });
  await back.click();
  await page.waitForURL(`**/events/${event.eventId}`);
  await expect(ticketTypeGroup(page, 'Deck chair').getByText('5 left')).toBeVisible();
});
