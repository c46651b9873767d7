import { adminEventsRouter } from './routers/admin-events';
import { adminSessionsRouter } from './routers/admin-sessions';
import { adminTicketTypesRouter } from './routers/admin-ticket-types';
import { eventsRouter } from './routers/events';
import { holdsRouter } from './routers/holds';
import { ordersRouter } from './routers/orders';
import { sessionsRouter } from './routers/sessions';
import { storefrontRouter } from './routers/storefront';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  events: eventsRouter,
  sessions: sessionsRouter,
  holds: holdsRouter,
  orders: ordersRouter,
  storefront: storefrontRouter,
  admin: router({
    events: adminEventsRouter,
    sessions: adminSessionsRouter,
    ticketTypes: adminTicketTypesRouter,
  }),
});

export type AppRouter = typeof appRouter;

/** In-process calls (server components, tests): `createCaller(createInnerContext(deps, admin))`. */
export const createCaller = createCallerFactory(appRouter);
