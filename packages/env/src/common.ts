import { z } from 'zod';

/** Variables and defaults shared by several processes; defaults work against loopback services. */

const url = (fallback: string) => z.url().default(fallback);

export const databaseUrls = {
  DATABASE_URL_MAIN: url('postgres://postgres@127.0.0.1:5432/ticketing_main'),
  DATABASE_URL_INVENTORY: url('postgres://postgres@127.0.0.1:5432/ticketing_inventory'),
  DATABASE_URL_ORDERS: url('postgres://postgres@127.0.0.1:5432/ticketing_orders'),
};

export const infrastructure = {
  REDIS_URL: url('redis://127.0.0.1:6379'),
  RABBITMQ_URL: url('amqp://guest:guest@127.0.0.1:5672'),
};

export const serviceUrls = {
  INVENTORY_URL: url('http://127.0.0.1:8001'),
  ORDERS_URL: url('http://127.0.0.1:8002'),
};

export const runtime = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Pool sizes are set on purpose: PostgreSQL allows 100 connections across every process. */
export const poolSize = (fallback: number) => z.coerce.number().int().min(1).max(50).default(fallback);
