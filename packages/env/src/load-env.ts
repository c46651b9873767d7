import { z } from 'zod';

export class EnvError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = 'EnvError';
  }
}

/**
 * Parses `source` (normally `process.env`) with `schema`. Throws an EnvError naming the first bad
 * variable; `exitOnEnvError` turns that into the one-line message and exit code a process wants.
 */
export function parseEnv<T extends z.ZodRawShape>(
  shape: T,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join('.') ?? 'unknown';
    throw new EnvError(variable, issue?.message ?? 'invalid value');
  }
  return result.data;
}

export function exitOnEnvError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
