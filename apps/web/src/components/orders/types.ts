import type { inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '../../server/router';

export type OrderSummary = inferRouterOutputs<AppRouter>['orders']['summary'];
export type OrderTicket = OrderSummary['tickets'][number];
