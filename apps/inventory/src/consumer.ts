import { retentionSettingsOf } from '@ticketing/events/retention';
import { defineProcess } from '@ticketing/runtime/define-process';

import { startInventoryConsumer } from './consumer-process';
import { parseConsumerEnv } from './env';

/** Second entry point of apps/inventory: the event consumer and the inventory outbox relay. */
void defineProcess({
  name: 'inventory-consumer',
  env: parseConsumerEnv,
  start: (context, env) =>
    startInventoryConsumer(
      {
        databaseUrl: env.DATABASE_URL_INVENTORY,
        dbPoolSize: env.DB_POOL_SIZE,
        events: env.events,
        retention: retentionSettingsOf(env),
        healthPort: env.HEALTH_PORT,
        logger: context.logger,
      },
      context,
    ),
}).run();
