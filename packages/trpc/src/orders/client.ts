import { type ContractClient, type ContractClientOptions, createContractClient } from '../contract';
import { type OrdersContract, ordersContract } from './contract';

export type OrdersClient = ContractClient<OrdersContract>;

/**
 * Typed client of the orders service. Domain errors come back as `AppError` (e.g.
 * `order_not_pending` with `details.status`); transport failures as TRPCClientError.
 */
export function createOrdersClient(options: ContractClientOptions): OrdersClient {
  return createContractClient(ordersContract, options);
}
