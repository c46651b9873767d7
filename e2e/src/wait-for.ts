/** Polls `check` until it returns a truthy value (returned) or the timeout passes (throws). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 50, message = 'condition' } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${message} (last value: ${JSON.stringify(last)})${detail}`,
  );
}
