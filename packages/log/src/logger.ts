import pino, { type DestinationStream, type LevelWithSilent,type Logger } from 'pino';

import { currentRequestId } from './request-context';

export type { Logger };

/**
 * Structured JSON logs on stdout. Every line written inside a request (or while handling an
 * event) carries its `request_id`, so one purchase can be followed across the three services.
 */
export function createLogger(
  service: string,
  level: LevelWithSilent = 'info',
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { request_id: requestId } : {};
      },
    },
    destination ?? pino.destination(1),
  );
}
