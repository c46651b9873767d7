import { holdsRouter } from './routers/holds';
import { itemsRouter } from './routers/items';
import { createCallerFactory, mergeRouters } from './trpc';

/** Flat on purpose: the procedure names are the contract's (`hold`, `getItem`, …). */
export const appRouter = mergeRouters(holdsRouter, itemsRouter);

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
