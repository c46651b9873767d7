import { expect, test } from '../src/fixtures';
import { freezeTransitions, tabTo } from '../src/keyboard';
import { ordersOf } from '../src/orders-db';
import {
  buyerEmail,
  CARDS,
  enterDetails,
  expectConfirmation,
  expectNoSidewaysScroll,
  fillCard,
  holdSeats,
  payButton,
  searchHome,
  ticketTypeGroup,
} from '../src/storefront';

test('a purchase with the keyboard alone: Tab, Enter, Space and typing, no clicks', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Comedy Cellar Live',
    startsInDays: 11,
    location: 'Boom Chicago, Amsterdam',
    imageUrl: '/images/theatre.svg',
    ticketType: { name: 'Seated', price: '25.00', quantity: 10 },
  });
  const email = buyerEmail('keyboard');
  const keys = page.keyboard;
  await freezeTransitions(page);

  await page.goto('/');
  await tabTo(page, page.getByRole('searchbox', { name: 'Search events' }), 'the search box');
  await keys.type(event.name);
  await keys.press('Enter');
  const card = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { level: 2, name: event.name, exact: true }) });
  await expect(card).toBeVisible();
  await tabTo(page, card.getByRole('link', { name: event.name }).first(), 'the event link');
  await keys.press('Enter');

  await page.waitForURL(`**/events/${event.eventId}`);
  const offer = ticketTypeGroup(page, 'Seated');
  await tabTo(page, offer.getByRole('button', { name: 'Increase quantity' }), 'Increase quantity');
  await keys.press('Space');
  await expect(offer.getByRole('spinbutton', { name: 'Quantity' })).toHaveValue('2');
  await tabTo(page, offer.getByRole('button', { name: 'Reserve' }), 'Reserve');
  await keys.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Reserve seats' });
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByLabel('E-mail'), 'the dialog e-mail field');
  await keys.type(email);
  await tabTo(page, dialog.getByRole('button', { name: 'Hold seats' }), 'Hold seats');
  await keys.press('Enter');

  await page.waitForURL(/\/checkout\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await tabTo(page, page.getByLabel('Full name'), 'Full name');
  await keys.type('Katherine Johnson');
  await tabTo(page, page.getByRole('button', { name: 'Continue to payment' }), 'Continue');
  await keys.press('Enter');

  await expect(page.getByLabel('Card number')).toBeVisible();
  await tabTo(page, page.getByLabel('Card number'), 'Card number');
  await keys.type(CARDS.pays.replaceAll(' ', ''));
  await tabTo(page, page.getByLabel('Expiry date'), 'Expiry date');
  await keys.type('1234');
  await tabTo(page, page.getByLabel('CVC'), 'CVC');
  await keys.type('123');
  await tabTo(page, payButton(page), 'Pay');
  await keys.press('Enter');

  const orderId = await expectConfirmation(page, { eventName: event.name, tickets: 2 });
  await saveScreenshot('keyboard-confirmation');
  expect(await ordersOf(platform.db, email)).toMatchObject([{ id: orderId, status: 'confirmed' }]);
});

test.describe('on a 390 px wide phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a purchase works without sideways scrolling on any page', async ({
    page,
    platform,
    saveScreenshot,
  }) => {
    const event = await platform.catalog.createEvent({
      name: 'Sunrise Yoga on the Beach',
      startsInDays: 7,
      location: 'Scheveningen Beach, The Hague',
      imageUrl: '/images/jazz.svg',
      ticketType: { name: 'Mat included', price: '18.00', quantity: 10 },
    });
    const email = buyerEmail('phone');

    await page.goto('/');
    const card = await searchHome(page, event.name);
    await expectNoSidewaysScroll(page, 'home');
    await saveScreenshot('phone-home');
    await card.getByRole('link', { name: event.name }).first().click();

    await page.waitForURL(`**/events/${event.eventId}`);
    await expect(page.getByRole('heading', { level: 1, name: event.name })).toBeVisible();
    await expectNoSidewaysScroll(page, 'event');
    await saveScreenshot('phone-event');

    await holdSeats(page, { ticketType: 'Mat included', quantity: 2, email });
    await expectNoSidewaysScroll(page, 'checkout details');
    await saveScreenshot('phone-checkout');
    await enterDetails(page, { name: 'Mae Jemison', email });
    await expectNoSidewaysScroll(page, 'payment');
    await fillCard(page, CARDS.pays);
    await payButton(page).click();

    await expectConfirmation(page, { eventName: event.name, tickets: 2 });
    await expectNoSidewaysScroll(page, 'order');
    await saveScreenshot('phone-confirmation');
  });
});
