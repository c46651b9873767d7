import type { Server } from 'node:http';
import type { Logger } from '@ticketing/log/logger';

/** Stops accepting connections and waits for requests in flight, for at most `timeoutMs`. */
export function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Runs `shutdown` once on SIGTERM or SIGINT, then exits (1 if shutting down failed, or did not
 * finish within `timeoutMs`: whatever was left unacknowledged is redelivered, nothing is lost).
 */
export function onTerminate(log: Logger, shutdown: () => Promise<void>, timeoutMs?: number) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    if (timeoutMs !== undefined) {
      setTimeout(() => {
        log.error({ timeout_ms: timeoutMs }, 'shutdown timed out');
        process.exit(1);
      }, timeoutMs).unref();
    }
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
