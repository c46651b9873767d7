/**
 * `--name=N` flags of a command, each with its default; an unknown flag or a value that is not a
 * number ≥ 0 stops the command with one line.
 */
export function readFlags<Names extends string>(
  defaults: Record<Names, number>,
  argv: readonly string[] = process.argv.slice(2),
): Record<Names, number> & { argv: string[] } {
  const values: Record<string, number> = { ...defaults };
  for (const arg of argv) {
    const match = /^--([\w-]+)=(.*)$/.exec(arg);
    const name = match?.[1];
    if (!match || name === undefined || !(name in defaults)) {
      fail(
        `unknown argument ${arg}; flags: ${Object.keys(defaults)
          .map((key) => `--${key}=N`)
          .join(' ')}`,
      );
    }
    const value = Number(match[2]);
    if (!Number.isFinite(value) || value < 0)
      fail(`--${name} must be a number ≥ 0, not ${match[2]}`);
    values[name] = value;
  }
  return { ...(values as Record<Names, number>), argv: [...argv] };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
