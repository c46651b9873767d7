import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createCaller } from '../src/server/router';
import { createInnerContext } from '../src/server/trpc';
import { createEventWithSession, inDays } from './support/catalog-fixtures';
import { startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;

beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(() => web.close());
beforeEach(() => web.reset());

const anonymous = () => createCaller(createInnerContext(web.deps));
const signedIn = () =>
  createCaller(createInnerContext(web.deps, { kind: 'session', email: 'admin@example.com' }));

describe('routers called in-process (createCaller)', () => {
  it('reads the catalog without credentials', async () => {
    const { event, session } = await createEventWithSession(web.db);
    const caller = anonymous();
    expect(await caller.events.list({ limit: 5 })).toMatchObject({
      results: [{ id: event.id }],
      next_cursor: null,
    });
    expect(await caller.events.byId({ id: event.id })).toMatchObject({ name: 'Gig' });
    expect(await caller.sessions.listByEvent({ id: event.id })).toMatchObject({
      results: [{ id: session.id, ticket_types: [{ available: 60 }, { available: 30 }] }],
    });
  });

  it('answers NOT_FOUND for a malformed id', async () => {
    await expect(anonymous().events.byId({ id: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses admin procedures without an admin', async () => {
    const attempt = anonymous().admin.events.create({
      name: 'Gig',
      description: 'x',
      location: 'Hall',
    });
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('runs the admin flow for a signed-in admin', async () => {
    const caller = signedIn();
    const event = await caller.admin.events.create({
      name: 'Opera night',
      description: 'Tosca',
      location: 'Opera House',
    });
    const session = await caller.admin.sessions.create({
      id: event.id,
      starts_at: inDays(5),
      ends_at: inDays(5, 23),
      total_capacity: 40,
    });
    const type = await caller.admin.ticketTypes.create({
      id: session.id,
      name: 'Parterre',
      price: '80.00',
      quantity: 40,
    });
    await expect(
      caller.admin.ticketTypes.create({ id: session.id, name: 'More', price: '1.00', quantity: 1 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await caller.sessions.listByEvent({ id: event.id })).toMatchObject({
      results: [{ ticket_types: [{ id: type.id, price: '80.00', available: 40 }] }],
    });
    await caller.admin.events.delete({ id: event.id });
    await expect(caller.events.byId({ id: event.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
