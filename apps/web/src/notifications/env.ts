import {
  databaseUrls,
  eventSettingsOf,
  eventsPrefetch,
  eventWiring,
  poolSize,
  port,
  runtime,
} from '@ticketing/env/common';
import { parseEnv } from '@ticketing/env/load-env';
import { z } from 'zod';

import { assertProductionSecrets, serviceCallShape, webEnvShape } from '../env';

/** Configuration of the notifications consumer (`src/notifications.ts`). */
export const notificationsEnvShape = {
  ...runtime,
  /** `/healthz` and `/readyz` of the consumer. */
  HEALTH_PORT: port(3002),
  /** consumed_events (dedupe) and the catalog names the e-mails show. */
  DATABASE_URL_MAIN: databaseUrls.DATABASE_URL_MAIN,
  /** Each event in hand holds one connection while its e-mail is sent. */
  DB_POOL_SIZE: poolSize(2),
  /** RABBITMQ_URL, EVENTS_* (queue `notifications.events`), OUTBOX_POLL_MS (unused: no outbox). */
  ...eventWiring,
  /** Events handled at once; kept at or below DB_POOL_SIZE. */
  EVENTS_PREFETCH: eventsPrefetch(2, 20),
  /** The cancellation e-mail reads the order (its e-mail address and lines) from orders. */
  ORDERS_URL: serviceCallShape.ORDERS_URL,
  ORDERS_TIMEOUT_MS: serviceCallShape.ORDERS_TIMEOUT_MS,
  CIRCUIT_RESET_MS: serviceCallShape.CIRCUIT_RESET_MS,
  /** The same secret as the web's: the QR codes in the e-mail are the ones on the order page. */
  TICKET_SIGNING_SECRET: webEnvShape.TICKET_SIGNING_SECRET,
  /** Where mail goes; the dev sink (`npm run dev:mail`) listens on this default. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z.string().min(3).max(200).default('Ticketing <tickets@localhost>'),
  /** The storefront as buyers reach it: the e-mails link to `${PUBLIC_URL}/orders/{id}`. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
};

export type NotificationsEnv = ReturnType<typeof parseNotificationsEnv>;

/** The consumer's variables, with the event wiring as one value (`events`). */
export function parseNotificationsEnv(source: Record<string, string | undefined>) {
  assertProductionSecrets(source, ['TICKET_SIGNING_SECRET']);
  const env = parseEnv(notificationsEnvShape, source);
  return { ...env, events: eventSettingsOf(env) };
}
