import { createLogger } from '@ticketing/log/logger';

import { loadMailSinkEnv } from './env';
import { startMailSink } from './mail-sink-server';

/**
 * The development SMTP sink (`npm run dev:mail`): receives the notifications consumer's mail and
 * shows it at `GET /messages`. Never part of a production deployment with a real SMTP_URL.
 */
async function main() {
  const env = loadMailSinkEnv();
  const logger = createLogger('mail-sink', env.LOG_LEVEL);
  const sink = await startMailSink({
    smtpPort: env.MAIL_SINK_SMTP_PORT,
    httpPort: env.MAIL_SINK_HTTP_PORT,
    host: env.MAIL_SINK_HOST,
  });
  logger.info(
    { smtp_url: sink.smtpUrl, messages_url: `${sink.httpUrl}/messages` },
    'mail sink started',
  );

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    sink.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mail sink failed to start: ${String(error)}\n`);
  process.exit(1);
});
