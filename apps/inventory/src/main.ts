import { defineProcess } from '@ticketing/runtime/define-process';

import { inventoryEnvShape } from './env';
import { createInventoryServer } from './http/server';

/** The inventory service (docs/architecture.md §1): seat allocation over tRPC and REST. */
void defineProcess({
  name: 'inventory',
  env: inventoryEnvShape,
  start: async (context, env) => {
    const db = context.database({ url: env.DATABASE_URL_INVENTORY, poolSize: env.DB_POOL_SIZE });
    const server = createInventoryServer({
      db,
      logger: context.logger,
      metrics: context.metrics,
      holdBatchMax: env.HOLD_BATCH_MAX,
      holdInFlight: env.HOLD_IN_FLIGHT,
      holdCoalescing: env.HOLD_COALESCING === 'on',
    });
    await context.serve(server, env.PORT);
  },
}).run();
