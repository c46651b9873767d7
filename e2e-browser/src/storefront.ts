import { expect,type Locator, type Page } from '@playwright/test';

/**
 * What a buyer does on the storefront, by role and label only (the label contract of
 * the team rules): if a page drifts from it, these steps fail where a screen-reader user would.
 */

export const CARDS = {
  pays: '4242 4242 4242 4242',
  declines: '4000 0000 0000 0002',
} as const;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A unique address per test (`<tag>.<6 random>@example.com`), so mail and orders are found by it alone. */
export function buyerEmail(tag: string): string {
  return `${tag}.${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}@example.com`;
}

export function idFromUrl(page: Page, prefix: 'checkout' | 'orders'): string {
  const match = new RegExp(`/${prefix}/(${UUID})`).exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`no ${prefix} id in ${page.url()}`);
  return match[1];
}

/** The event's card on the home page, found through the search box. */
export async function searchHome(page: Page, eventName: string): Promise<Locator> {
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search events' });
  await search.fill(eventName);
  await search.press('Enter');
  const card = eventCard(page, eventName);
  await expect(card).toBeVisible();
  return card;
}

export function eventCard(page: Page, eventName: string): Locator {
  return page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { level: 2, name: eventName, exact: true }) });
}

export function ticketTypeGroup(page: Page, ticketTypeName: string): Locator {
  return page.getByRole('group', { name: ticketTypeName, exact: true });
}

/** Steps the quantity up with "Increase quantity" from what it shows now. */
export async function chooseQuantity(group: Locator, quantity: number): Promise<void> {
  const field = group.getByRole('spinbutton', { name: 'Quantity' });
  const current = Number(await field.inputValue());
  for (let step = current; step < quantity; step += 1) {
    await group.getByRole('button', { name: 'Increase quantity' }).click();
  }
  await expect(field).toHaveValue(String(quantity));
}

/** Reserve → the "Reserve seats" dialog with the e-mail filled in (not yet submitted). */
export async function openReserveDialog(
  page: Page,
  { ticketType, quantity, email }: { ticketType: string; quantity: number; email: string },
): Promise<Locator> {
  const group = ticketTypeGroup(page, ticketType);
  await chooseQuantity(group, quantity);
  await group.getByRole('button', { name: 'Reserve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reserve seats' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('E-mail').fill(email);
  return dialog;
}

/** Holds seats from the event page and lands on the checkout; returns the hold id. */
export async function holdSeats(
  page: Page,
  options: { ticketType: string; quantity: number; email: string },
): Promise<string> {
  const dialog = await openReserveDialog(page, options);
  await dialog.getByRole('button', { name: 'Hold seats' }).click();
  await page.waitForURL(new RegExp(`/checkout/${UUID}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  return idFromUrl(page, 'checkout');
}

export function countdown(page: Page): Locator {
  return page.getByRole('timer', { name: 'Time left to complete your order' });
}

/** Step 1: the e-mail comes prefilled from the hold; name in, on to the payment step. */
export async function enterDetails(
  page: Page,
  { name, email }: { name: string; email: string },
): Promise<void> {
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await page.getByLabel('Full name').fill(name);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page.getByLabel('Card number')).toBeVisible();
}

export async function fillCard(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry date').fill('12/34');
  await page.getByLabel('CVC').fill('123');
}

export function payButton(page: Page): Locator {
  return page.getByRole('button', { name: /^Pay/ });
}

/** The order page once confirmed: heading, order number and one QR code per ticket; the order id. */
export async function expectConfirmation(
  page: Page,
  { eventName, tickets }: { eventName: string; tickets: number },
): Promise<string> {
  await page.waitForURL(new RegExp(`/orders/${UUID}$`));
  await expect(
    page.getByRole('heading', { level: 1, name: `You're going to ${eventName}!` }),
  ).toBeVisible({ timeout: 20_000 });
  const orderId = idFromUrl(page, 'orders');
  await expect(page.getByText('Order number')).toBeVisible();
  await expect(page.getByText(orderId).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /^QR code for ticket / })).toHaveCount(tickets);
  return orderId;
}

/** No sideways scrolling at the current viewport width. */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    width: window.innerWidth,
  }));
  expect(scrollWidth, `page width on ${where} (viewport ${width} px)`).toBeLessThanOrEqual(width);
}
