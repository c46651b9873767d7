/** A dependency check of `/readyz`: resolves when the dependency answers, throws when it does not. */
export type ReadinessCheck = () => Promise<unknown>;

export type ReadinessChecks = Readonly<Record<string, ReadinessCheck>>;

/** A check that throws or takes longer than this counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

/** Runs every readiness check at once; each one answers `ok` or `down`. */
export async function checkReadiness(checks: ReadinessChecks) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, 'ok'] as const;
      } catch {
        return [name, 'down'] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ready: entries.every(([, state]) => state === 'ok'),
    checks: Object.fromEntries(entries),
  };
}
