import { createTRPCUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import type { z } from 'zod';
import { AppError, isErrorCode } from './errors';
import { createNodeHttpFetch, type NodeHttpFetch } from './node-http-fetch';

/**
 * A service's procedures as data: name, kind and zod schemas. The service builds its router from
 * these schemas, and callers get a typed client from the same object without importing the
 * service (a package never imports an app).
 */
export interface ProcedureContract {
  kind: 'query' | 'mutation';
  input: z.ZodType;
  output: z.ZodType;
}

export type Contract = Record<string, ProcedureContract>;

export interface CallOptions {
  signal?: AbortSignal;
}

export type ContractClient<C extends Contract> = {
  [K in keyof C]: (
    input: z.input<C[K]['input']>,
    options?: CallOptions,
  ) => Promise<z.output<C[K]['output']>>;
};

export interface ContractClientOptions {
  /** Base URL of the service, e.g. `http://127.0.0.1:8001`; tRPC lives under `/trpc`. */
  url: string;
  /** Headers sent with every call, e.g. the request id that correlates logs. */
  headers?: () => Record<string, string>;
  /** Default: one keep-alive `node:http` fetch per client (see node-http-fetch.ts). */
  fetch?: typeof fetch | NodeHttpFetch;
}

/**
 * Typed client of a contract. A domain error from the service comes back as the same `AppError`
 * (code, message, details); a transport failure (refused, timeout, abort) stays a TRPCClientError
 * whose cause tells what happened, so the caller can answer 503.
 */
export function createContractClient<C extends Contract>(
  contract: C,
  options: ContractClientOptions,
): ContractClient<C> {
  const client = createTRPCUntypedClient({
    links: [
      httpLink({
        url: `${options.url}/trpc`,
        headers: options.headers,
        fetch: options.fetch ?? createNodeHttpFetch(),
      }),
    ],
  });
  const call = async (
    name: string,
    procedure: ProcedureContract,
    input: unknown,
    callOptions?: CallOptions,
  ) => {
    try {
      const result =
        procedure.kind === 'query'
          ? await client.query(name, input, callOptions)
          : await client.mutation(name, input, callOptions);
      return procedure.output.parse(result);
    } catch (error) {
      throw toAppError(error) ?? error;
    }
  };
  const entries = Object.entries(contract).map(([name, procedure]) => [
    name,
    (input: unknown, callOptions?: CallOptions) => call(name, procedure, input, callOptions),
  ]);
  return Object.fromEntries(entries) as ContractClient<C>;
}

function toAppError(error: unknown): AppError | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const shape: unknown = error.shape;
  if (typeof shape !== 'object' || shape === null) return undefined;
  const { error: code, message, ...rest } = shape as Record<string, unknown>;
  if (!isErrorCode(code) || code === 'internal_error') return undefined;
  const { code: _rpcCode, data: _data, ...details } = rest;
  return new AppError(code, typeof message === 'string' ? message : code, details);
}
