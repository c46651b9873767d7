import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import type { TestProject } from 'vitest/node';

import { startServiceProcess } from './service-process';
import { TEST_REDIS_URL } from './test-resources';

declare module 'vitest' {
  export interface ProvidedContext {
    inventoryUrl: string;
    ordersUrl: string;
    inventoryDatabaseUrl: string;
    ordersDatabaseUrl: string;
  }
}

/**
 * Once per run: the web's own copies of the inventory and orders databases (`_web_test`), emptied,
 * and the two services running on them as child processes, shared by every test file.
 */
export default async function setup(project: TestProject) {
  const [mainUrl, inventoryDatabaseUrl, ordersDatabaseUrl] = await Promise.all([
    prepareTestDatabase('main'),
    prepareTestDatabase('inventory', 'web'),
    prepareTestDatabase('orders', 'web'),
  ]);
  await Promise.all([mainUrl, inventoryDatabaseUrl, ordersDatabaseUrl].map(truncateAll));
  const [inventory, orders] = await Promise.all([
    startServiceProcess('inventory', {
      DATABASE_URL_INVENTORY: inventoryDatabaseUrl,
      DB_POOL_SIZE: '4',
    }),
    startServiceProcess('orders', {
      DATABASE_URL_ORDERS: ordersDatabaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      DB_POOL_SIZE: '4',
    }),
  ]);
  project.provide('inventoryUrl', inventory.url);
  project.provide('ordersUrl', orders.url);
  project.provide('inventoryDatabaseUrl', inventoryDatabaseUrl);
  project.provide('ordersDatabaseUrl', ordersDatabaseUrl);
  return async () => {
    await Promise.all([inventory.stop(), orders.stop()]);
  };
}
