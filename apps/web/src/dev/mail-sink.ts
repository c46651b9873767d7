import { defineProcess } from '@ticketing/runtime/define-process';

import { mailSinkEnvShape } from './env';
import { startMailSink } from './mail-sink-server';

/**
 * The development SMTP sink (`npm run dev:mail`): receives the notifications consumer's mail and
 * shows it at `GET /messages`. Never part of a production deployment with a real SMTP_URL.
 * Started and stopped by the one process runtime like every other process (docs/architecture.md §1).
 */
void defineProcess({
  name: 'mail-sink',
  env: mailSinkEnvShape,
  start: async (context, env) => {
    const sink = await startMailSink({
      smtpPort: env.MAIL_SINK_SMTP_PORT,
      httpPort: env.MAIL_SINK_HTTP_PORT,
      host: env.MAIL_SINK_HOST,
    });
    context.onStop('mail sink', () => sink.close());
    context.logger.info(
      { smtp_url: sink.smtpUrl, messages_url: `${sink.httpUrl}/messages` },
      'mail sink started',
    );
  },
}).run();
