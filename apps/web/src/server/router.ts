import type { PublicContract } from '@ticketing/trpc/public/contract';

import { adminAccountRouter } from './routers/admin-account';
import { adminAuditRouter } from './routers/admin-audit';
import { adminEventBusRouter } from './routers/admin-event-bus';
import { adminEventsRouter } from './routers/admin-events';
import { adminInventoryRouter } from './routers/admin-inventory';
import { adminOrdersRouter } from './routers/admin-orders';
import { adminSessionsRouter } from './routers/admin-sessions';
import { adminStatsRouter } from './routers/admin-stats';
import { adminTicketTypesRouter } from './routers/admin-ticket-types';
import { eventsRouter } from './routers/events';
import { holdsRouter } from './routers/holds';
import { ordersRouter } from './routers/orders';
import { sessionsRouter } from './routers/sessions';
import { storefrontRouter } from './routers/storefront';
import { createCallerFactory, router } from './trpc';

/** Every area of the public contract, each implemented from it (a missing or extra one fails here). */
const publicRouters = {
  events: eventsRouter,
  sessions: sessionsRouter,
  holds: holdsRouter,
  orders: ordersRouter,
  storefront: storefrontRouter,
} satisfies Record<keyof PublicContract, unknown>;

export const appRouter = router({
  ...publicRouters,
  admin: router({
    events: adminEventsRouter,
    sessions: adminSessionsRouter,
    ticketTypes: adminTicketTypesRouter,
    orders: adminOrdersRouter,
    stats: adminStatsRouter,
    inventory: adminInventoryRouter,
    eventBus: adminEventBusRouter,
    audit: adminAuditRouter,
    account: adminAccountRouter,
  }),
});

export type AppRouter = typeof appRouter;

/** In-process calls (server components, tests): `createCaller(createInnerContext(deps, admin))`. */
export const createCaller = createCallerFactory(appRouter);
