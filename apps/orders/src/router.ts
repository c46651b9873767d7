import { ordersRouter } from './routers/orders';
import { createCallerFactory } from './trpc';

/** The orders procedures sit at the root, so tRPC paths are `create`, `confirm`… as in the contract. */
export const appRouter = ordersRouter;
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
