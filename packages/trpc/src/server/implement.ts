import type {
  AnyTRPCRootTypes,
  inferProcedureBuilderResolverOptions,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCProcedureBuilder,
  TRPCQueryProcedure,
  TRPCRouterBuilder,
  TRPCUnsetMarker,
} from '@trpc/server';
import type { z } from 'zod';

import type { Contract, ProcedureContract, RestRoute } from '../contract';
import type { Meta } from './procedure-helpers';

/** A base procedure of a service (its middlewares applied, no input or output yet). */
type BaseProcedure<TContext, TOverrides> = TRPCProcedureBuilder<
  TContext,
  Meta,
  TOverrides,
  TRPCUnsetMarker,
  TRPCUnsetMarker,
  TRPCUnsetMarker,
  TRPCUnsetMarker,
  false
>;

type MaybePromise<T> = T | Promise<T>;

/** What the handler of one procedure gets (`ctx` of the base procedure, `input` parsed) and returns. */
export type ContractHandler<P extends ProcedureContract, TCtx> = (opts: {
  ctx: TCtx;
  input: z.output<P['input']>;
  signal: AbortSignal | undefined;
}) => MaybePromise<z.input<P['output']>>;

export type ContractHandlers<C extends Contract, TCtx> = {
  [K in keyof C]: ContractHandler<C[K], TCtx>;
};

/** The procedure a contract entry becomes: the same types a hand-written one would have. */
type ProcedureOf<P extends ProcedureContract> = {
  input: z.input<P['input']>;
  output: z.output<P['output']>;
  meta: Meta;
  errorShape: unknown;
} extends infer TDef extends { input: unknown; output: unknown; meta: Meta; errorShape: unknown }
  ? P['kind'] extends 'query'
    ? TRPCQueryProcedure<TDef>
    : TRPCMutationProcedure<TDef>
  : never;

export type ImplementedRouter<TRoot extends AnyTRPCRootTypes, C extends Contract> = TRPCBuiltRouter<
  TRoot,
  { [K in keyof C]: ProcedureOf<C[K]> }
>;

/** The procedure meta trpc-to-openapi and the REST layer read, from the contract's route. */
export function metaOf(rest: RestRoute): Meta {
  const { successStatus, ...openapi } = rest;
  return successStatus === undefined ? { openapi } : { openapi, successStatus };
}

/**
 * `implement(contract, handlers)` for one service: each contract entry becomes a procedure of the
 * service's base procedure with the contract's kind, input, output and REST route, so none of
 * them can drift from the contract; the service writes only the handlers, typed from it.
 *
 * ```ts
 * export const implement = createImplement(t.router, procedure);   // the service's trpc.ts
 * export const appRouter = implement(inventoryContract, { hold: ({ ctx, input }) => … });
 * ```
 */
export function createImplement<TRoot extends AnyTRPCRootTypes, TContext, TOverrides>(
  router: TRPCRouterBuilder<TRoot>,
  procedure: BaseProcedure<TContext, TOverrides>,
) {
  type Ctx = inferProcedureBuilderResolverOptions<BaseProcedure<TContext, TOverrides>>['ctx'];

  return function implement<C extends Contract>(
    contract: C,
    handlers: ContractHandlers<C, Ctx>,
  ): ImplementedRouter<TRoot, C> {
    const procedures = Object.fromEntries(
      Object.entries(contract).map(([name, entry]) => {
        const handler = (handlers as Record<string, ContractHandler<ProcedureContract, Ctx>>)[name];
        if (!handler) throw new Error(`no handler for ${name} of the contract`);
        let builder = procedure.input(entry.input).output(entry.output);
        if (entry.rest) builder = builder.meta(metaOf(entry.rest));
        const resolve = (opts: { ctx: Ctx; input: unknown; signal: AbortSignal | undefined }) =>
          handler(opts);
        return [name, entry.kind === 'query' ? builder.query(resolve) : builder.mutation(resolve)];
      }),
    );
    return router(procedures) as unknown as ImplementedRouter<TRoot, C>;
  };
}
