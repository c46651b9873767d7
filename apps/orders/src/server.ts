import { createServiceServer } from '@ticketing/runtime/service-server';
import { sql } from 'drizzle-orm';

import { appRouter } from './router';
import { createHttpContext, type OrdersDependencies } from './trpc';

/** The HTTP server of the orders service: tRPC at /trpc, REST at the paths of docs/architecture.md §5, /healthz, /readyz. */
export function createOrdersServer(dependencies: OrdersDependencies) {
  return createServiceServer({
    router: appRouter,
    createContext: createHttpContext(dependencies),
    readiness: {
      database: () => dependencies.db.execute(sql`select 1`),
      redis: () => dependencies.expiry.ping(),
    },
    logger: dependencies.logger,
    onInternalError: (error, req) =>
      dependencies.logger.error({ err: error.cause ?? error, url: req.url }, 'request failed'),
  });
}
