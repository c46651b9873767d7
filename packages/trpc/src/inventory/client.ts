import { type ContractClient, type ContractClientOptions, createContractClient } from '../contract';
import { type InventoryContract, inventoryContract } from './contract';

export type InventoryClient = ContractClient<InventoryContract>;

/**
 * Typed client of the inventory service. Domain errors come back as `AppError` (e.g.
 * `insufficient_inventory` with `details.available_quantity`); transport failures as TRPCClientError.
 */
export function createInventoryClient(options: ContractClientOptions): InventoryClient {
  return createContractClient(inventoryContract, options);
}
