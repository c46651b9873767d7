import { createTRPCUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import type { z } from 'zod';

import { AppError, isErrorCode } from './errors';
import { createNodeHttpFetch, type NodeHttpFetch } from './node-http-fetch';

/**
 * The REST route of a procedure (served by trpc-to-openapi, documented in the OpenAPI document):
 * method, path with `{param}`s taken from the input, the success status and the route's docs.
 * Plain data, so that a client of the contract needs none of the server's libraries.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/${string}`;
  /** Default 200. */
  successStatus?: 200 | 201 | 204;
  summary?: string;
  description?: string;
  tags?: string[];
  /** false: anyone may call it; otherwise OpenAPI lists the document's credentials on it. */
  protect?: boolean;
  /** Headers the route reads, e.g. `Idempotency-Key`. */
  requestHeaders?: z.ZodObject;
  /** The error statuses it may answer, for the OpenAPI document. */
  errorResponses?: number[];
}

/**
 * A procedure as data: kind, zod schemas and, when it has one, its REST route. The service builds
 * its router from these (`implement`, server/implement.ts), and callers get a typed client from
 * the same object without importing the service (a package never imports an app).
 */
export interface ProcedureContract {
  kind: 'query' | 'mutation';
  input: z.ZodType;
  output: z.ZodType;
  rest?: RestRoute;
}

/** The procedures of one router, by name. */
export type Contract = Record<string, ProcedureContract>;

/** Procedures and nested routers (`events.list`), as a router with sub-routers serves them. */
export interface ContractTree {
  readonly [name: string]: ProcedureContract | ContractTree;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export type ContractCall<P extends ProcedureContract> = (
  input: z.input<P['input']>,
  options?: CallOptions,
) => Promise<z.output<P['output']>>;

export type ContractClient<C extends ContractTree> = {
  [K in keyof C]: C[K] extends ProcedureContract
    ? ContractCall<C[K]>
    : C[K] extends ContractTree
      ? ContractClient<C[K]>
      : never;
};

export interface ContractClientOptions {
  /** Base URL of the service, e.g. `http://127.0.0.1:8001`. */
  url: string;
  /** Where tRPC is mounted under `url`: `/trpc` on the services (the default), `/api/trpc` on the web. */
  path?: string;
  /** Headers sent with every call, e.g. the request id that correlates logs. */
  headers?: () => Record<string, string>;
  /** Default: one keep-alive `node:http` fetch per client (see node-http-fetch.ts). */
  fetch?: typeof fetch | NodeHttpFetch;
}

const isProcedure = (entry: ProcedureContract | ContractTree): entry is ProcedureContract =>
  typeof entry.kind === 'string' && 'input' in entry && 'output' in entry;

/**
 * Typed client of a contract. A domain error from the service comes back as the same `AppError`
 * (code, message, details); a transport failure (refused, timeout, abort) stays a TRPCClientError
 * whose cause tells what happened, so the caller can answer 503. Every answer is parsed with the
 * contract's output schema.
 */
export function createContractClient<C extends ContractTree>(
  contract: C,
  options: ContractClientOptions,
): ContractClient<C> {
  const client = createTRPCUntypedClient({
    links: [
      httpLink({
        url: `${options.url}${options.path ?? '/trpc'}`,
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
  const clientOf = (tree: ContractTree, prefix: string): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(tree).map(([name, entry]) => {
        const path = `${prefix}${name}`;
        return [
          name,
          isProcedure(entry)
            ? (input: unknown, callOptions?: CallOptions) => call(path, entry, input, callOptions)
            : clientOf(entry, `${path}.`),
        ];
      }),
    );
  return clientOf(contract, '') as ContractClient<C>;
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
