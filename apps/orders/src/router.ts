import { ordersContract } from '@ticketing/trpc/orders/contract';

import { orderHandlers } from './routers/orders';
import { createCallerFactory, implement } from './trpc';

/** The orders procedures sit at the root, so tRPC paths are `create`, `confirm`… as in the contract. */
export const appRouter = implement(ordersContract, orderHandlers);
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
