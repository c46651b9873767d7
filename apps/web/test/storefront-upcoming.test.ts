import type { UpcomingInput } from '@ticketing/trpc/public/storefront';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createEvent } from '../src/server/catalog/events';
import { createSession } from '../src/server/catalog/sessions';
import { createTicketType } from '../src/server/catalog/ticket-types';
import { createCaller } from '../src/server/router';
import { createInnerContext } from '../src/server/trpc';
import { createEventWithSession, inDays } from './support/catalog-fixtures';
import { BUYER } from './support/purchase-fixtures';
import { startTestWeb, testInventory, type TestWeb } from './support/web-test-server';

let web: TestWeb;

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

const caller = () => createCaller(createInnerContext(web.deps));
const upcoming = (input: UpcomingInput = {}) => caller().storefront.upcoming(input);
const names = async (input: UpcomingInput = {}) =>
  (await upcoming(input)).results.map((event) => event.name);

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** An event with the given sessions, each with one ticket type of `price` × `quantity`. */
async function eventWith(
  name: string,
  sessions: { starts_at: string; ends_at: string; price?: string; quantity?: number }[],
  fields: { description?: string; location?: string } = {},
) {
  const event = await createEvent(web.db, {
    name,
    description: fields.description ?? `${name}, live`,
    location: fields.location ?? 'Hall',
    image_url: '/images/concert.svg',
  });
  for (const session of sessions) {
    const created = await createSession(web.db, event.id, { ...session, total_capacity: 100 });
    await createTicketType(web.db, testInventory(), created.id, {
      name: 'Standard',
      price: session.price ?? '10.00',
      quantity: session.quantity ?? 20,
    });
  }
  return event;
}

describe('storefront.upcoming', () => {
  it('gives each card its next date, the cheapest price and the seats on sale', async () => {
    const { event } = await createEventWithSession(web.db, 'Gig');
    expect(await upcoming()).toEqual({
      results: [
        {
          id: event.id,
          name: 'Gig',
          location: 'Hall',
          image_url: '/images/concert.svg',
          next_starts_at: inDays(10),
          // Standard 50.00 and VIP "120.5": the minimum, as a decimal string.
          from_price: '50.00',
          available: 90,
          capacity: 90,
        },
      ],
      next_cursor: null,
    });
  });

  it('counts seats live: a hold lowers `available` on the next read, capacity stays', async () => {
    const { event, session, vip } = await createEventWithSession(web.db, 'Gig');
    await caller().holds.create({
      session_id: session.id,
      ticket_type_id: vip.id,
      quantity: 4,
      customer_email: BUYER,
    });
    expect((await upcoming()).results).toMatchObject([
      { id: event.id, available: 86, capacity: 90 },
    ]);
  });

  it('leaves out events whose sessions have all ended, and keeps one that is running now', async () => {
    await eventWith('Last year', [{ starts_at: hoursFromNow(-30), ends_at: hoursFromNow(-26) }]);
    await eventWith('On stage now', [{ starts_at: hoursFromNow(-1), ends_at: hoursFromNow(1) }]);
    const secondNight = hoursFromNow(48);
    const mixed = await eventWith('Second night to come', [
      { starts_at: hoursFromNow(-50), ends_at: hoursFromNow(-48), price: '5.00' },
      { starts_at: secondNight, ends_at: hoursFromNow(50), price: '25.00' },
    ]);
    const { results } = await upcoming();
    expect(results.map((event) => event.name)).toEqual(['On stage now', 'Second night to come']);
    // The ended session counts for nothing: not its date, price or seats.
    expect(results[1]).toMatchObject({
      id: mixed.id,
      next_starts_at: secondNight,
      from_price: '25.00',
      capacity: 20,
      available: 20,
    });
  });

  it('lists an event without ticket types yet with no price and no seats', async () => {
    const event = await createEvent(web.db, {
      name: 'Announced',
      description: 'Soon',
      location: 'Hall',
    });
    await createSession(web.db, event.id, {
      starts_at: inDays(3),
      ends_at: inDays(3, 22),
      total_capacity: 10,
    });
    expect((await upcoming()).results).toMatchObject([
      { id: event.id, from_price: null, available: 0, capacity: 0, image_url: null },
    ]);
  });

  it('orders by the next session, soonest first', async () => {
    await eventWith('Later', [{ starts_at: inDays(20), ends_at: inDays(20, 22) }]);
    await eventWith('Sooner', [{ starts_at: inDays(5), ends_at: inDays(5, 22) }]);
    await eventWith('Middle', [
      { starts_at: inDays(30), ends_at: inDays(30, 22) },
      { starts_at: inDays(8), ends_at: inDays(8, 22) },
    ]);
    expect(await names()).toEqual(['Sooner', 'Middle', 'Later']);
  });

  describe('search', () => {
    beforeEach(async () => {
      await eventWith('Jazz by the Harbour', [{ starts_at: inDays(1), ends_at: inDays(1, 22) }], {
        location: 'Quay Stage, Bristol',
        description: 'Three bands and the sunset',
      });
      await eventWith('Opera Gala', [{ starts_at: inDays(2), ends_at: inDays(2, 22) }], {
        location: 'Royal Opera House, London',
        description: 'Arias under the stars',
      });
      await eventWith('100% Techno', [{ starts_at: inDays(3), ends_at: inDays(3, 22) }], {
        location: 'Warehouse_7, London',
        description: 'All night long',
      });
    });

    it('matches name, location or description, ignoring case', async () => {
      expect(await names({ q: 'jazz' })).toEqual(['Jazz by the Harbour']);
      expect(await names({ q: 'LONDON' })).toEqual(['Opera Gala', '100% Techno']);
      expect(await names({ q: 'sunset' })).toEqual(['Jazz by the Harbour']);
      expect(await names({ q: '  ' })).toHaveLength(3);
    });

    it('needs every word to match somewhere', async () => {
      expect(await names({ q: 'opera london' })).toEqual(['Opera Gala']);
      expect(await names({ q: 'jazz london' })).toEqual([]);
    });

    it('takes LIKE wildcards and quotes literally', async () => {
      expect(await names({ q: '100%' })).toEqual(['100% Techno']);
      expect(await names({ q: '%' })).toEqual(['100% Techno']);
      expect(await names({ q: '_7' })).toEqual(['100% Techno']);
      // "_" alone would match any one character if it were a wildcard.
      expect(await names({ q: 'a_' })).toEqual([]);
      expect(await names({ q: "'; drop table events; --" })).toEqual([]);
      expect(await names({ q: '\\' })).toEqual([]);
      expect(await names()).toHaveLength(3);
    });

    it('refuses a search longer than 100 characters', async () => {
      await expect(upcoming({ q: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });

  describe('date range', () => {
    it('keeps events with a session running in the range, dated by the first such session', async () => {
      const festival = await eventWith('Festival', [
        { starts_at: inDays(10), ends_at: inDays(10, 22), price: '30.00', quantity: 5 },
        { starts_at: inDays(20), ends_at: inDays(20, 22), price: '40.00', quantity: 7 },
      ]);
      await eventWith('Early show', [{ starts_at: inDays(4), ends_at: inDays(4, 22) }]);
      await eventWith('Late show', [{ starts_at: inDays(40), ends_at: inDays(40, 22) }]);

      const { results } = await upcoming({ from: inDays(15, 0), to: inDays(25, 0) });
      expect(results).toEqual([
        expect.objectContaining({
          id: festival.id,
          next_starts_at: inDays(20),
          from_price: '40.00',
          capacity: 7,
          available: 7,
        }),
      ]);
      expect(await names({ from: inDays(15, 0) })).toEqual(['Festival', 'Late show']);
      expect(await names({ to: inDays(15, 0) })).toEqual(['Early show', 'Festival']);
      expect(await names({ from: inDays(50, 0) })).toEqual([]);
    });

    it('counts a session that began before the range and is still on during it', async () => {
      await eventWith('All-nighter', [{ starts_at: inDays(9, 20), ends_at: inDays(10, 6) }]);
      expect(await names({ from: inDays(10, 0), to: inDays(11, 0) })).toEqual(['All-nighter']);
      expect(await names({ from: inDays(10, 6), to: inDays(11, 0) })).toEqual([]);
    });

    it('refuses a range that ends before it starts', async () => {
      const attempt = upcoming({ from: inDays(10, 0), to: inDays(9, 0) });
      await expect(attempt).rejects.toBeInstanceOf(TRPCError);
      await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });

  describe('cursor', () => {
    it('walks every event once, in order, and ends with no cursor', async () => {
      for (const day of [5, 1, 4, 2, 3]) {
        await eventWith(`Day ${day}`, [{ starts_at: inDays(day), ends_at: inDays(day, 22) }]);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      const sizes: number[] = [];
      do {
        const page = await upcoming({ limit: 2, cursor });
        sizes.push(page.results.length);
        seen.push(...page.results.map((event) => event.name));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(sizes).toEqual([2, 2, 1]);
      expect(seen).toEqual(['Day 1', 'Day 2', 'Day 3', 'Day 4', 'Day 5']);
    });

    it('orders events starting at the same moment by id and pages through them', async () => {
      const ids: string[] = [];
      for (const name of ['A', 'B', 'C']) {
        ids.push((await eventWith(name, [{ starts_at: inDays(7), ends_at: inDays(7, 22) }])).id);
      }
      const first = await upcoming({ limit: 2 });
      const second = await upcoming({ limit: 2, cursor: first.next_cursor ?? undefined });
      expect([...first.results, ...second.results].map((event) => event.id)).toEqual(ids.sort());
      expect(second.next_cursor).toBeNull();
    });

    it('keeps the filter across pages', async () => {
      for (const day of [1, 2, 3]) {
        await eventWith(`Jazz ${day}`, [{ starts_at: inDays(day), ends_at: inDays(day, 22) }]);
        await eventWith(`Rock ${day}`, [{ starts_at: inDays(day), ends_at: inDays(day, 22) }]);
      }
      const first = await upcoming({ q: 'jazz', limit: 2 });
      const second = await upcoming({
        q: 'jazz',
        limit: 2,
        cursor: first.next_cursor ?? undefined,
      });
      expect([...first.results, ...second.results].map((event) => event.name)).toEqual([
        'Jazz 1',
        'Jazz 2',
        'Jazz 3',
      ]);
    });

    it('refuses a cursor it did not issue and a page size above 48', async () => {
      await expect(upcoming({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(upcoming({ limit: 49 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
});
