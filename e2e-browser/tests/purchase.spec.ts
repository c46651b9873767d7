import { expectStatus } from '@ticketing/e2e/api';

import { expect, test } from '../src/fixtures';
import { ordersOf } from '../src/orders-db';
import {
  buyerEmail,
  CARDS,
  countdown,
  expectConfirmation,
  fillCard,
  holdSeats,
  payButton,
  searchHome,
  ticketTypeGroup,
} from '../src/storefront';

test('a buyer buys two tickets from the home page to the QR confirmation, and the tickets arrive by e-mail', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Harbour Lights Festival',
    startsInDays: 12,
    location: 'Pier 4, Rotterdam',
    imageUrl: '/images/concert.svg',
    ticketType: { name: 'Standing', price: '39.50', quantity: 40 },
  });
  const email = buyerEmail('ada.lovelace');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeVisible();
  await saveScreenshot('home', { docs: 'home' });
  const card = await searchHome(page, event.name);
  await expect(card.getByText('On sale')).toBeVisible();
  await card.getByRole('link', { name: event.name }).first().click();

  await page.waitForURL(`**/events/${event.eventId}`);
  await expect(page.getByRole('heading', { level: 1, name: event.name })).toBeVisible();
  const offer = ticketTypeGroup(page, 'Standing');
  await expect(offer.getByText('40 left')).toBeVisible();
  await expect(offer.getByText(/39\.50/)).toBeVisible();
  await saveScreenshot('event', { docs: 'event' });

  const holdId = await holdSeats(page, { ticketType: 'Standing', quantity: 2, email });
  await expect(countdown(page)).toBeVisible();
  await expect(page.getByText(event.name).first()).toBeVisible();
  await expect(page.getByText(/79\.00/).first()).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await saveScreenshot('checkout', { docs: 'checkout' });
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page.getByLabel('Card number')).toBeVisible();
  await saveScreenshot('payment');
  await fillCard(page, CARDS.pays);
  await payButton(page).click();

  const orderId = await expectConfirmation(page, { eventName: event.name, tickets: 2 });
  await expect(page.getByRole('button', { name: 'Print tickets' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add to calendar' })).toBeVisible();
  await saveScreenshot('confirmation', { docs: 'confirmation' });

  // Behind the page: the order is confirmed for this hold and buyer, once.
  const order = expectStatus(await platform.api.getOrder(orderId), 200, 'order').body;
  expect(order).toMatchObject({ order_id: orderId, status: 'confirmed', total: '79.00' });
  expect(String(order.customer_email).toLowerCase()).toBe(email);
  expect(await ordersOf(platform.db, email)).toEqual([
    { id: orderId, status: 'confirmed', hold_id: holdId, total_amount: '79.00' },
  ]);

  // The confirmation e-mail: the tickets as two QR images and a link back to the order page.
  const [mail] = await platform.mail.waitForMessagesTo(email);
  expect(mail?.subject).toContain(event.name);
  const qrCodes = mail?.attachments.filter((file) => file.contentType === 'image/png') ?? [];
  expect(qrCodes).toHaveLength(2);
  for (const qr of qrCodes) expect(qr.size).toBeGreaterThan(100);
  expect(`${mail?.html ?? ''}${mail?.text ?? ''}`).toContain(`/orders/${orderId}`);
});
