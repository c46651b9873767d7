import { localDateTime,signInAsAdmin } from '../src/admin';
import { expect, test } from '../src/fixtures';
import { buyerEmail, holdSeats, searchHome } from '../src/storefront';

const UUID = /\/admin\/catalog\/[0-9a-f-]{36}$/;

test('an admin creates an event, a session and a ticket type through the forms; a buyer holds a seat', async ({
  page,
  browser,
  platform,
  saveScreenshot,
}) => {
  const name = `Harbour Lights ${Date.now().toString(36)}`;
  await signInAsAdmin(page, platform.admin, '/admin/catalog');
  await page.getByRole('link', { name: 'New event' }).click();

  const details = page.getByRole('form', { name: 'Event details' });
  // Validated inline before anything is sent.
  await details.getByRole('button', { name: 'Save event' }).click();
  await expect(details.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(details.getByLabel('Name')).toHaveAccessibleDescription(/Required/);

  await details.getByLabel('Name').fill(name);
  await details.getByLabel('Description').fill('Lanterns, a brass band and the river at night.');
  await details.getByLabel('Location').fill('Quay 4, Rotterdam');
  await details.getByLabel('Image URL').fill('/images/jazz.svg');
  await expect(details.getByRole('img', { name: 'Preview of the event image' })).toBeVisible();
  await details.getByRole('button', { name: 'Save event' }).click();
  await page.waitForURL(UUID);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  await page.getByRole('button', { name: 'Add session' }).click();
  const sessionForm = page.getByRole('form', { name: 'New session' });
  await sessionForm.getByLabel('Starts at').fill(localDateTime(14, 19));
  await sessionForm.getByLabel('Ends at').fill(localDateTime(14, 22));
  await sessionForm.getByLabel('Capacity').fill('50');
  await sessionForm.getByRole('button', { name: 'Save session' }).click();
  const session = page.getByRole('region', { name: /^Session / });
  await expect(session).toBeVisible();

  await session.getByRole('button', { name: 'Add ticket type' }).click();
  const typeForm = page.getByRole('form', { name: 'New ticket type' });
  await typeForm.getByLabel('Name').fill('Riverside standing');
  await typeForm.getByLabel('Price').fill('35');
  await typeForm.getByLabel('Quantity').fill('40');
  await typeForm.getByRole('button', { name: 'Save ticket type' }).click();
  await expect(typeForm).toHaveCount(0);
  const row = session.getByRole('row', { name: /Riverside standing/ });
  await expect(row).toContainText('€35.00');
  await expect(row).toContainText('40');
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot('editor', { docs: 'admin-catalog' });

  // A buyer (no admin cookie) sees it at once and holds a seat.
  const buyer = await browser.newContext();
  try {
    const shop = await buyer.newPage();
    await shop.goto(platform.urls.web);
    const card = await searchHome(shop, name);
    await card.getByRole('link').first().click();
    await expect(shop.getByRole('heading', { level: 1, name })).toBeVisible();
    const holdId = await holdSeats(shop, {
      ticketType: 'Riverside standing',
      quantity: 1,
      email: buyerEmail('admin-catalog'),
    });
    expect(holdId).toMatch(/^[0-9a-f-]{36}$/);
  } finally {
    await buyer.close();
  }
});

test('ticket types over the session capacity are refused at the Quantity field and nothing is saved', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Capacity check',
    ticketType: { name: 'Early bird', quantity: 20 },
  });
  await signInAsAdmin(page, platform.admin, `/admin/catalog/${event.eventId}`);
  const session = page.getByRole('region', { name: /^Session / });
  await session.getByRole('button', { name: 'Add ticket type' }).click();
  const typeForm = page.getByRole('form', { name: 'New ticket type' });
  await typeForm.getByLabel('Name').fill('Late comers');
  await typeForm.getByLabel('Price').fill('60.00');
  await typeForm.getByLabel('Quantity').fill('5');
  await typeForm.getByRole('button', { name: 'Save ticket type' }).click();

  const quantity = typeForm.getByLabel('Quantity');
  await expect(quantity).toHaveAttribute('aria-invalid', 'true');
  await expect(quantity).toHaveAccessibleDescription(/exceed.*capacity/i);
  await expect(quantity).toBeFocused();
  await saveScreenshot('capacity-error');

  const sessions = await platform.db.query<{ name: string }>(
    'main',
    'select name from ticket_types where session_id = $1 order by name',
    [event.sessionId],
  );
  expect(sessions.map((row) => row.name)).toEqual(['Early bird']);
});

test('deleting a ticket type with held seats is refused with the reason', async ({
  page,
  platform,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Held seats',
    ticketType: { name: 'Balcony', quantity: 10 },
  });
  const hold = await platform.api.hold(event, 2, buyerEmail('admin-delete'));
  expect(hold.status).toBe(201);
  await signInAsAdmin(page, platform.admin, `/admin/catalog/${event.eventId}`);
  await page.getByRole('button', { name: 'Delete Balcony' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete Balcony?' });
  await dialog.getByRole('button', { name: 'Delete Balcony' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Not deleted');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByRole('row', { name: /Balcony/ })).toBeVisible();
});
