import { randomUUID } from 'node:crypto';

import { expectStatus, field } from '@ticketing/e2e/api';

import { expect, test } from '../src/fixtures';
import {
  buyerEmail,
  CARDS,
  enterDetails,
  expectConfirmation,
  fillCard,
  holdSeats,
  openReserveDialog,
  payButton,
} from '../src/storefront';

test('every storefront page of a purchase passes an axe scan (no serious or critical violation)', async ({
  page,
  platform,
  axe,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Lantern Parade',
    startsInDays: 9,
    location: 'Old Town Square, Haarlem',
    imageUrl: '/images/placeholder.svg',
    ticketType: { name: 'Walker', price: '8.00', quantity: 30 },
  });
  const email = buyerEmail('axe');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeVisible();
  await expect(page.getByRole('article').first()).toBeVisible();
  await axe('the home page');

  await page.goto(`/events/${event.eventId}`);
  await expect(page.getByRole('heading', { level: 1, name: event.name })).toBeVisible();
  await axe('the event page');
  const dialog = await openReserveDialog(page, { ticketType: 'Walker', quantity: 1, email });
  await axe('the reserve dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await holdSeats(page, { ticketType: 'Walker', quantity: 1, email });
  await axe('checkout, details step');
  await enterDetails(page, { name: 'Tim Berners-Lee', email });
  await axe('checkout, payment step');
  await fillCard(page, CARDS.pays);
  await payButton(page).click();
  await expectConfirmation(page, { eventName: event.name, tickets: 1 });
  await axe('the order page');
});

test('find my order: the right pair opens the order, a wrong pair says "No such order"', async ({
  page,
  platform,
  axe,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Indie Folk Evening',
    startsInDays: 16,
    location: 'Paradiso, Amsterdam',
    imageUrl: '/images/jazz.svg',
    ticketType: { name: 'General admission', price: '30.00', quantity: 10 },
  });
  const email = buyerEmail('find');
  const { api } = platform;
  const holdId = field(expectStatus(await api.hold(event, 1, email), 201, 'hold'), 'hold_id');
  const orderId = field(
    expectStatus(await api.checkout(holdId, { email }), 201, 'checkout'),
    'order_id',
  );
  expectStatus(await api.confirm(orderId), 200, 'confirm');

  await page.goto('/orders');
  await expect(page.getByRole('heading', { level: 1, name: 'Find my order' })).toBeVisible();
  await axe('find my order');

  const find = async (orderNumber: string, address: string) => {
    await page.getByLabel('Order number').fill(orderNumber);
    await page.getByLabel('E-mail').fill(address);
    await page.getByRole('button', { name: 'Find order' }).click();
  };
  // A wrong e-mail and a wrong number answer alike: nothing tells which half was wrong.
  // (Next's route announcer is an alert too: the one meant is the one that says it.)
  const noSuchOrder = page.getByRole('alert').filter({ hasText: 'No such order' });
  await find(orderId, 'someone-else@example.com');
  await expect(noSuchOrder).toBeVisible();
  await axe('find my order, no such order');
  await saveScreenshot('no-such-order');
  await page.reload();
  await expect(noSuchOrder).toBeHidden();
  await find(randomUUID(), email);
  await expect(noSuchOrder).toBeVisible();

  await find(orderId, email);
  await expectConfirmation(page, { eventName: event.name, tickets: 1 });
});

test('an unknown event and an unknown path show the 404 page', async ({ page, axe }) => {
  const unknownEvent = await page.goto(`/events/${randomUUID()}`);
  expect(unknownEvent?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await axe('the 404 page');

  const unknownPath = await page.goto('/no-such-page');
  expect(unknownPath?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});
