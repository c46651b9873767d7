import { expectStatus, request } from '@ticketing/e2e/api';

import { expect, test } from '../src/fixtures';
import { buyerEmail, eventCard, ticketTypeGroup } from '../src/storefront';

// The storefront's HTML may be a cached render (apps/web/src/server/http/page-cache.ts): it carries
// the catalog, never a seat count, which the browser reads live and keeps reading.

test("the event page's seats are read by the browser, not taken from the HTML, and follow another buyer's hold", async ({
  page,
  platform,
}) => {
  const event = await platform.catalog.createEvent({
    name: 'Lantern Parade',
    startsInDays: 6,
    location: 'Old Harbour, Rotterdam',
    ticketType: { name: 'Lawn', price: '15.00', quantity: 40 },
  });
  const path = `/events/${event.eventId}`;

  const html = await (await fetch(`${platform.urls.web}${path}`)).text();
  expect(html).toContain(event.name);
  expect(html).toContain('Checking seats');
  expect(html).not.toContain('40 left');

  await page.goto(path);
  const offer = ticketTypeGroup(page, 'Lawn');
  await expect(offer.getByText('40 left')).toBeVisible();
  await expect(offer.getByRole('button', { name: 'Reserve' })).toBeEnabled();

  expectStatus(await platform.api.hold(event, 3, buyerEmail('other-buyer')), 201, 'the other hold');
  await expect(offer.getByText('37 left')).toBeVisible();

  // A new visit: the HTML still claims nothing, the browser shows the seats as they are now.
  const again = await (await fetch(`${platform.urls.web}${path}`)).text();
  expect(again).not.toMatch(/\b(40|37) left/);
  await page.reload();
  await expect(offer.getByText('37 left')).toBeVisible();
});

test('the home page HTML has no availability badge; the browser fills them in live', async ({
  page,
  platform,
}) => {
  // The soonest events come first: this one is on the home page without searching.
  const event = await platform.catalog.createEvent({
    name: 'Dockside Choir',
    startsInDays: 1,
    ticketType: { name: 'Bench', price: '10.00', quantity: 2 },
  });
  const home = await (await fetch(`${platform.urls.web}/`)).text();
  expect(home).toContain('Upcoming events');
  expect(home).not.toMatch(/On sale|Few left|Sold out/);

  expect(home).toContain(event.name);

  expectStatus(await platform.api.hold(event, 2, buyerEmail('took-them-all')), 201, 'hold');
  // Availability is allowed to be about 2 s behind (docs/architecture.md §5): wait until the API says so.
  await expect
    .poll(async () => {
      const sessions = await request(
        platform.urls.web,
        'GET',
        `/api/events/${event.eventId}/sessions`,
      );
      return JSON.stringify(sessions.body);
    })
    .toContain('"available":0');
  await page.goto('/');
  const card = eventCard(page, event.name);
  await expect(card.getByText('Sold out')).toBeVisible();
  await expect(card.getByText('Checking seats…')).toBeHidden();
});

test('an admin rename shows on the next visit of the event page and of the home page', async ({
  page,
  platform,
}) => {
  const event = await platform.catalog.createEvent({ name: 'Working Title', startsInDays: 1 });
  await page.goto(`/events/${event.eventId}`);
  await expect(page.getByRole('heading', { level: 1, name: event.name })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming events' })).toBeVisible();

  const renamed = `${event.name} — Final Title`;
  expectStatus(
    await request(platform.urls.web, 'PATCH', `/api/admin/events/${event.eventId}`, {
      body: { name: renamed },
      headers: { authorization: `Bearer ${platform.adminToken}` },
    }),
    200,
    'rename',
  );

  await page.goto(`/events/${event.eventId}`);
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
  const home = await (await fetch(`${platform.urls.web}/`)).text();
  expect(home).toContain(renamed);
  expect(home).not.toContain(`>${event.name}<`);
  await page.goto('/');
  await expect(eventCard(page, renamed)).toBeVisible();
});
