import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseEnv } from '@ticketing/env/load-env';
import type { z } from 'zod';

export type EnvSource = Record<string, string | undefined>;

/** A process's configuration: a zod shape of its variables, or a function that parses them. */
export type EnvSpec<TEnv> = z.ZodRawShape | ((source: EnvSource) => TEnv);

/** The developer's generated secrets (`tooling/scripts/ensure-dev-secrets.mjs` writes it). */
// Not `new URL('…', import.meta.url)`: Next's bundler would take that for an asset and copy the file.
export const LOCAL_ENV_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '.env.local',
);

let localEnvLoaded = false;

/**
 * Loads the repository's `.env.local` into `process.env` once, when present; a variable already
 * set in the environment wins. Tests configure every process themselves, so a developer's file
 * must not change their results: it is skipped when NODE_ENV is `test` or LOCAL_ENV_FILE is
 * `off` (the e2e platform sets that for the production builds it starts). LOCAL_ENV_FILE may
 * also name another file.
 */
export function loadLocalEnvFile(): void {
  if (localEnvLoaded) return;
  localEnvLoaded = true;
  const setting = process.env.LOCAL_ENV_FILE;
  if (setting === 'off' || process.env.NODE_ENV === 'test') return;
  const file = setting || LOCAL_ENV_FILE;
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * The process's variables (`process.env`, the one place that reads it, after `.env.local`) parsed
 * by `spec`; throws an `EnvError` naming the first bad variable.
 */
export function loadProcessEnv<TEnv>(spec: EnvSpec<TEnv>, source: EnvSource = process.env): TEnv {
  if (source === process.env) loadLocalEnvFile();
  return typeof spec === 'function' ? spec(source) : (parseEnv(spec, source) as TEnv);
}
