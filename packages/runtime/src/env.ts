import { parseEnv } from '@ticketing/env/load-env';
import type { z } from 'zod';

export type EnvSource = Record<string, string | undefined>;

/** A process's configuration: a zod shape of its variables, or a function that parses them. */
export type EnvSpec<TEnv> = z.ZodRawShape | ((source: EnvSource) => TEnv);

/**
 * The process's variables (`process.env`, the one place that reads it) parsed by `spec`; throws
 * an `EnvError` naming the first bad variable.
 */
export function loadProcessEnv<TEnv>(spec: EnvSpec<TEnv>, source: EnvSource = process.env): TEnv {
  return typeof spec === 'function' ? spec(source) : (parseEnv(spec, source) as TEnv);
}
