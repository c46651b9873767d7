import { EnvError } from '@ticketing/env/load-env';
import { createLogger } from '@ticketing/log/logger';
import type { z } from 'zod';

import { type EnvSource, type EnvSpec, loadProcessEnv } from './env';
import { createProcessContext, type ProcessContext } from './process-context';

type LevelWithSilent = NonNullable<Parameters<typeof createLogger>[1]>;

/** What the runtime itself reads; `runtime` of `@ticketing/env/common` declares both. */
export interface ProcessEnv {
  LOG_LEVEL: LevelWithSilent;
  SHUTDOWN_TIMEOUT_MS: number;
}

type ProcessShape = z.ZodRawShape & {
  LOG_LEVEL: z.ZodType<LevelWithSilent>;
  SHUTDOWN_TIMEOUT_MS: z.ZodType<number>;
};

export interface ProcessSpec<TEnv extends ProcessEnv> {
  /** `inventory-consumer`: the logs' `service`, the pools' application name. */
  name: string;
  env: EnvSpec<TEnv>;
  /** Opens what the process needs through `context`; resolves once it does its work. */
  start: (context: ProcessContext, env: TEnv) => unknown;
}

export interface ProcessDefinition {
  readonly name: string;
  /** Starts the process; resolves with its context once started (it then runs until a signal). */
  run(source?: EnvSource): Promise<ProcessContext>;
}

/**
 * One process of the platform (docs/architecture.md §1), the same way for all of them:
 *
 * - the environment is parsed and validated once; a bad value prints one line naming the variable
 *   and exits 1;
 * - the logger is `@ticketing/log/logger`'s, named after the process, at LOG_LEVEL;
 * - `start` gets a context to open pools, register what to stop, readiness checks and HTTP fronts
 *   (process-context.ts); a failure to start prints one line and exits 1;
 * - SIGTERM and SIGINT run the ordered shutdown once, within SHUTDOWN_TIMEOUT_MS: exit 0 when it
 *   finished cleanly, 1 when a step failed or time ran out (unacknowledged work is redone after a
 *   restart, nothing is lost).
 */
export function defineProcess<TShape extends ProcessShape>(spec: {
  name: string;
  env: TShape;
  start: (context: ProcessContext, env: z.infer<z.ZodObject<TShape>>) => unknown;
}): ProcessDefinition;
export function defineProcess<TEnv extends ProcessEnv>(spec: {
  name: string;
  env: (source: EnvSource) => TEnv;
  start: (context: ProcessContext, env: TEnv) => unknown;
}): ProcessDefinition;
export function defineProcess<TEnv extends ProcessEnv>(spec: ProcessSpec<TEnv>): ProcessDefinition {
  const { name } = spec;
  return {
    name,
    async run(source) {
      const env = loadOrExit(name, spec.env, source);
      const logger = createLogger(name, env.LOG_LEVEL);
      const context = createProcessContext({
        name,
        logger,
        shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      });

      let started: Promise<unknown> = Promise.resolve();
      let signalled = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (signalled) return;
        signalled = true;
        logger.info({ signal }, 'shutting down');
        // A signal during start stops what has been opened once start is done with it.
        const label = processLabel(name);
        void started
          .catch(() => {})
          .then(() => context.stop())
          .then(
            () => {
              logger.info({ exit_code: 0 }, `${label} stopped, exiting`);
              process.exit(0);
            },
            () => {
              logger.error({ exit_code: 1 }, `${label} exiting after a failed shutdown`);
              process.exit(1);
            },
          );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);

      started = Promise.resolve().then(() => spec.start(context, env));
      try {
        await started;
      } catch (error) {
        process.stderr.write(`${name} failed to start: ${oneLine(error)}\n`);
        process.exit(1);
      }
      logger.info(`${processLabel(name)} started`);
      return context;
    },
  };
}

function loadOrExit<TEnv>(name: string, spec: EnvSpec<TEnv>, source: EnvSource | undefined): TEnv {
  try {
    return loadProcessEnv(spec, source);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${name} failed to start: ${oneLine(error)}\n`);
    process.exit(1);
  }
}

/** `inventory-consumer` → `inventory consumer`, the words of its start and exit lines. */
const processLabel = (name: string) => name.replaceAll('-', ' ');

const oneLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
