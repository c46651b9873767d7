import type { inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '../../server/router';

type Outputs = inferRouterOutputs<AppRouter>;

export type HoldSummary = Outputs['holds']['summary'];
export type OrderView = Outputs['orders']['get'];
