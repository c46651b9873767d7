import { loadMigrateEnv } from './env';
import { databaseModules, migrateDatabase } from './migrate';

const env = loadMigrateEnv();
const urls = {
  main: env.DATABASE_URL_MAIN,
  inventory: env.DATABASE_URL_INVENTORY,
  orders: env.DATABASE_URL_ORDERS,
};

for (const module of databaseModules) {
  await migrateDatabase(module, urls[module]);
  console.log(`migrated ${module}: ${new URL(urls[module]).pathname.slice(1)}`);
}
