import { expectStatus } from '@ticketing/e2e/api';

import { expect, test } from '../src/fixtures';
import { holdsOf, ordersOf } from '../src/orders-db';
import { buyerEmail, openReserveDialog, ticketTypeGroup } from '../src/storefront';

test('the last seats go to another buyer while this one is choosing: the dialog says so, no order is made', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Midnight Jazz Quartet',
    startsInDays: 3,
    location: 'Blue Note Cellar, Utrecht',
    imageUrl: '/images/jazz.svg',
    ticketType: { name: 'Front row', price: '60.00', quantity: 2 },
  });
  const email = buyerEmail('sold-out');

  await page.goto(`/events/${event.eventId}`);
  const offer = ticketTypeGroup(page, 'Front row');
  await expect(offer.getByText('2 left')).toBeVisible();
  const dialog = await openReserveDialog(page, { ticketType: 'Front row', quantity: 2, email });
  await expect(dialog.getByText('2 tickets')).toBeVisible();

  // Another buyer, through the public API, takes both seats after this page loaded.
  expectStatus(await platform.api.hold(event, 2, buyerEmail('faster')), 201, 'the other hold');

  await dialog.getByRole('button', { name: 'Hold seats' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/sold out|left/i);
  await expect(page).toHaveURL(new RegExp(`/events/${event.eventId}$`));
  await saveScreenshot('sold-out');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // The live availability catches up by itself (at most ~2 s stale).
  await expect(offer.getByText('Sold out')).toBeVisible();

  expect(await ordersOf(platform.db, email)).toEqual([]);
  expect((await holdsOf(platform.db, email)).filter((hold) => hold.status === 'active')).toEqual(
    [],
  );
});
