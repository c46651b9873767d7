import { port, runtime } from '@ticketing/env/common';
import { z } from 'zod';

/** The development mail sink (`src/dev/mail-sink.ts`). */
export const mailSinkEnvShape = {
  LOG_LEVEL: runtime.LOG_LEVEL,
  SHUTDOWN_TIMEOUT_MS: runtime.SHUTDOWN_TIMEOUT_MS,
  /** Where SMTP_URL of the notifications consumer points (`smtp://127.0.0.1:2525`). */
  MAIL_SINK_SMTP_PORT: port(2525),
  /** `GET /messages`, `DELETE /messages`, `GET /healthz`. */
  MAIL_SINK_HTTP_PORT: port(8025),
  /** Loopback by default; `0.0.0.0` in a container. */
  MAIL_SINK_HOST: z.string().min(1).default('127.0.0.1'),
};
