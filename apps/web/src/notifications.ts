import { defineProcess } from '@ticketing/runtime/define-process';

import { parseNotificationsEnv } from './notifications/env';
import { startNotifications } from './notifications/start-notifications';

/**
 * Third entry point of apps/web (`npm run dev:notifications` / `start:notifications`): the order
 * e-mails (confirmation with QR tickets, cancellation), from `notifications.events` to SMTP_URL.
 * Configured from the environment alone (src/notifications/env.ts).
 */
void defineProcess({
  name: 'web-notifications',
  env: parseNotificationsEnv,
  start: (context, env) =>
    startNotifications(
      {
        databaseUrl: env.DATABASE_URL_MAIN,
        dbPoolSize: env.DB_POOL_SIZE,
        events: env.events,
        ordersUrl: env.ORDERS_URL,
        ordersTimeoutMs: env.ORDERS_TIMEOUT_MS,
        circuitResetMs: env.CIRCUIT_RESET_MS,
        smtpUrl: env.SMTP_URL,
        mailFrom: env.MAIL_FROM,
        publicUrl: env.PUBLIC_URL,
        ticketSigningSecret: env.TICKET_SIGNING_SECRET,
        healthPort: env.HEALTH_PORT,
        logger: context.logger,
      },
      context,
    ),
}).run();
