import type { AddressInfo } from 'node:net';
import { createDatabase } from '@ticketing/db/client';
import { createLogger } from '@ticketing/log/logger';
import { loadEnv } from './env';
import { createInventoryServer } from './http/server';

const env = loadEnv();
const logger = createLogger('inventory', env.LOG_LEVEL);
const db = createDatabase({
  url: env.DATABASE_URL_INVENTORY,
  poolSize: env.DB_POOL_SIZE,
  applicationName: 'inventory',
});
const server = createInventoryServer({
  db,
  logger,
  holdBatchMax: env.HOLD_BATCH_MAX,
  holdInFlight: env.HOLD_IN_FLIGHT,
  holdCoalescing: env.HOLD_COALESCING === 'on',
});

server.listen(env.PORT, () => {
  // Tests and scripts start the service on port 0 and read the bound port from this line.
  logger.info({ port: (server.address() as AddressInfo).port }, 'listening');
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Stop accepting, let in-flight requests finish (idle keep-alive sockets close now), then
  // close the pool; past the timeout, cut the remaining connections.
  const force = setTimeout(() => server.closeAllConnections(), env.SHUTDOWN_TIMEOUT_MS);
  force.unref();
  server.close(() => {
    void db.$client.end().finally(() => {
      logger.info('stopped');
      process.exit(0);
    });
  });
  server.closeIdleConnections();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
