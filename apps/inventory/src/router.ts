import { inventoryContract } from '@ticketing/trpc/inventory/contract';

import { holdHandlers } from './routers/holds';
import { itemHandlers } from './routers/items';
import { createCallerFactory, implement } from './trpc';

/** Flat on purpose: the procedure names, kinds, schemas and REST routes are the contract's. */
export const appRouter = implement(inventoryContract, { ...holdHandlers, ...itemHandlers });

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
