import { adminUsers } from '@ticketing/db/main/admin-users';
import { events, sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoEvents } from '../src/seed/demo-catalog';
import { seedCatalog } from '../src/seed/seed-catalog';
import { ensureAdminUser, verifyAdminCredentials } from '../src/server/auth/admin-users';
import { startTestWeb, testInventory, type TestWeb } from './support/web-test-server';

let web: TestWeb;
const inventory = testInventory();

beforeAll(async () => {
  web = await startTestWeb();
  await web.reset();
});
afterAll(() => web.close());

async function snapshot() {
  const rows = await web.db.execute<{ table_name: string; n: number; latest: string | null }>(sql`
    select 'events' as table_name, count(*)::int as n, max(${events.updatedAt})::text as latest from ${events}
    union all select 'sessions', count(*)::int, max(${sessions.updatedAt})::text from ${sessions}
    union all select 'ticket_types', count(*)::int, max(${ticketTypes.updatedAt})::text from ${ticketTypes}
    union all select 'admin_users', count(*)::int, max(${adminUsers.createdAt})::text from ${adminUsers}`);
  return rows.rows;
}

describe('seed', () => {
  it('loads the demo catalog once; running it again changes nothing', async () => {
    const first = await seedCatalog(web.db, inventory, demoEvents);
    expect(first.created).toHaveLength(demoEvents.length);
    await ensureAdminUser(web.db, { email: 'admin@example.com', password: 'admin-password' });
    const before = await snapshot();

    const second = await seedCatalog(web.db, inventory, demoEvents);
    const again = await ensureAdminUser(web.db, {
      email: 'ADMIN@example.com',
      password: 'another-password',
    });
    expect(second.created).toEqual([]);
    expect(again.created).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it('seeds realistic events: several future sessions, 2–3 ticket types within capacity, images', async () => {
    expect(demoEvents.length).toBeGreaterThanOrEqual(3);
    const now = Date.now();
    for (const event of demoEvents) {
      expect(event.imageUrl).toMatch(/^\/images\/.+\.svg$/);
      expect(event.sessions.length).toBeGreaterThanOrEqual(2);
      for (const session of event.sessions) {
        expect(session.ticketTypes.length).toBeGreaterThanOrEqual(2);
        expect(session.ticketTypes.length).toBeLessThanOrEqual(3);
        const total = session.ticketTypes.reduce((sum, type) => sum + type.quantity, 0);
        expect(total).toBeLessThanOrEqual(session.totalCapacity);
      }
    }
    const [earliest] = await web.db
      .select({ startsAt: sql<Date>`min(${sessions.startsAt})` })
      .from(sessions);
    expect(new Date(earliest?.startsAt ?? 0).getTime()).toBeGreaterThan(now);
  });

  it('keeps the seeded admin password verifiable and never stores it in clear', async () => {
    const [row] = await web.db.select({ hash: adminUsers.passwordHash }).from(adminUsers);
    expect(row?.hash).toMatch(/^scrypt\$/);
    expect(row?.hash).not.toContain('admin-password');
    expect(
      await verifyAdminCredentials(web.db, 'Admin@Example.com', 'admin-password'),
    ).toMatchObject({ email: 'admin@example.com' });
    expect(
      await verifyAdminCredentials(web.db, 'admin@example.com', 'another-password'),
    ).toBeNull();
    expect(await verifyAdminCredentials(web.db, 'nobody@example.com', 'admin-password')).toBeNull();
  });
});
