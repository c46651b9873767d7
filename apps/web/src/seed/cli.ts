import { createDatabase } from '@ticketing/db/client';
import { createLogger } from '@ticketing/log/logger';
import { Redis } from 'ioredis';

import { loadWebEnv } from '../env';
import { ensureAdminUser } from '../server/auth/admin-users';
import { createCatalogCache } from '../server/cache/catalog-cache';
import { createInventoryGateway } from '../server/inventory/inventory-gateway';
import { demoEvents } from './demo-catalog';
import { seedCatalog } from './seed-catalog';
import { bestEffortInventory } from './seed-inventory';

/** `npm run db:seed`: the first admin and the demo catalog, once. Run after the migrations. */
async function main() {
  const env = loadWebEnv();
  const logger = createLogger('seed', env.LOG_LEVEL);
  const db = createDatabase({ url: env.DATABASE_URL_MAIN, poolSize: 2, applicationName: 'seed' });
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const admin = await ensureAdminUser(db, {
      email: env.ADMIN_EMAIL,
      password: env.ADMIN_PASSWORD,
    });
    logger.info({ email: env.ADMIN_EMAIL, created: admin.created }, 'first admin ensured');

    const inventory = bestEffortInventory(
      createInventoryGateway({ inventoryUrl: env.INVENTORY_URL, timeoutMs: 1_000 }),
      logger,
    );
    const { created } = await seedCatalog(db, inventory, demoEvents);
    logger.info({ created: created.length, total: demoEvents.length }, 'demo catalog seeded');

    if (created.length > 0) {
      // A running web may have cached the list without the new events.
      await redis
        .connect()
        .catch((error: unknown) => logger.warn({ err: error }, 'redis unreachable'));
      await createCatalogCache(redis, logger).invalidate('events');
    }
  } finally {
    redis.disconnect();
    await db.$client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
