import { type ContractClient, type ContractClientOptions, createContractClient } from '../contract';
import { type PublicContract, publicContract } from './contract';

/** `client.events.list(…)`, `client.holds.create(…)`, …: the web's public API, typed. */
export type PublicClient = ContractClient<PublicContract>;

export type PublicClientOptions = Omit<ContractClientOptions, 'path'>;

/**
 * Typed client of the web's public API for programs, over tRPC at `<url>/api/trpc`, e.g.
 * `createPublicClient({ url: 'http://127.0.0.1:3000' })`. Every answer is checked against the
 * contract; a refusal comes back as an `AppError` with the API's code (`insufficient_inventory`,
 * `hold_expired`, …) and details, a transport failure as the TRPCClientError that caused it.
 */
export function createPublicClient(options: PublicClientOptions): PublicClient {
  // The platform's fetch by default (not the services' pooled node:http one): a program may run
  // wherever fetch does, and exits when it is done.
  return createContractClient(publicContract, { fetch, ...options, path: '/api/trpc' });
}
