import type { Logger } from '@ticketing/log/logger';
import { createOrdersClient } from '@ticketing/trpc/orders/client';
import type { OrdersContract } from '@ticketing/trpc/orders/contract';

import { guardClient,type GuardedClient } from '../remote/guarded-client';

/**
 * The orders service as the web calls it: its typed client with a timeout per call and a circuit
 * breaker. Domain errors (402, 404, 409, 410, 422) pass through; an unreachable or silent service
 * is `ServiceUnavailableError('orders_unavailable')` (503), whose `outcome` tells a checkout
 * whether the order may exist anyway.
 */
export type OrdersGateway = GuardedClient<OrdersContract>;

export interface OrdersGatewayOptions {
  ordersUrl: string;
  timeoutMs?: number;
  resetTimeoutMs?: number;
  logger?: Logger;
}

export function createOrdersGateway(options: OrdersGatewayOptions): OrdersGateway {
  return guardClient<OrdersContract>(
    (headers) => createOrdersClient({ url: options.ordersUrl, headers }),
    {
      service: 'orders',
      unavailableCode: 'orders_unavailable',
      timeoutMs: options.timeoutMs ?? 3_000,
      resetTimeoutMs: options.resetTimeoutMs,
      logger: options.logger,
    },
  );
}
