import { expect, test } from '../src/fixtures';
import { ordersOf } from '../src/orders-db';
import {
  buyerEmail,
  CARDS,
  enterDetails,
  expectConfirmation,
  fillCard,
  holdSeats,
  payButton,
} from '../src/storefront';

test('a declined card says so and lets the buyer pay with another card', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'City Symphony: Spring Gala',
    startsInDays: 25,
    location: 'Concertgebouw, Amsterdam',
    imageUrl: '/images/concert.svg',
    ticketType: { name: 'Balcony', price: '75.00', quantity: 10 },
  });
  const email = buyerEmail('declined');

  await page.goto(`/events/${event.eventId}`);
  await holdSeats(page, { ticketType: 'Balcony', quantity: 1, email });
  await enterDetails(page, { name: 'Grace Hopper', email });
  await fillCard(page, CARDS.declines);
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Your card was declined' })).toBeVisible();
  await saveScreenshot('declined');

  await fillCard(page, CARDS.pays);
  await payButton(page).click();
  const orderId = await expectConfirmation(page, { eventName: event.name, tickets: 1 });
  expect(await ordersOf(platform.db, email)).toMatchObject([{ id: orderId, status: 'confirmed' }]);
});

test('a reload in the middle of checkout and a double click on pay make exactly one order', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Tech Futures Conference',
    startsInDays: 33,
    location: 'Beurs van Berlage, Amsterdam',
    imageUrl: '/images/conference.svg',
    ticketType: { name: 'Day pass', price: '120.00', quantity: 10 },
  });
  const email = buyerEmail('once');

  await page.goto(`/events/${event.eventId}`);
  const holdId = await holdSeats(page, { ticketType: 'Day pass', quantity: 2, email });
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await page.getByLabel('Full name').fill('Alan Turing');
  // Twice on "Continue to payment" too: one Idempotency-Key per hold.
  await page.getByRole('button', { name: 'Continue to payment' }).dblclick();
  await expect(page.getByLabel('Card number')).toBeVisible();
  await expect.poll(() => ordersOf(platform.db, email)).toHaveLength(1);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  // After the reload the page may resume at payment or ask for the details again; either way
  // it must reuse the order it made.
  const continueButton = page.getByRole('button', { name: 'Continue to payment' });
  await expect(page.getByLabel('Card number').or(continueButton)).toBeVisible();
  if (await continueButton.isVisible()) {
    await page.getByLabel('Full name').fill('Alan Turing');
    await continueButton.click();
  }
  await saveScreenshot('after-reload');
  await fillCard(page, CARDS.pays);
  await payButton(page).dblclick();

  const orderId = await expectConfirmation(page, { eventName: event.name, tickets: 2 });
  expect(await ordersOf(platform.db, email)).toEqual([
    { id: orderId, status: 'confirmed', hold_id: holdId, total_amount: '240.00' },
  ]);
});
