import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { freePort } from '@ticketing/runtime/testing/free-port';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { testDatabase } from './support';

function spawnConsumer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/consumer.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function answer(url: string): Promise<unknown> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const reply = await fetch(url).catch(() => undefined);
    if (reply?.ok) return reply.json();
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the consumer entry point (src/consumer.ts)', () => {
  const names = uniqueEventNames('inventory-entry');
  let broker: TestBroker;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    broker = await openTestBroker(names);
  });
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => broker.close());

  it('answers /healthz and /readyz, logs under the event correlation id, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const consumer = spawnConsumer({
      DATABASE_URL_INVENTORY: await testDatabase(),
      DB_POOL_SIZE: '2',
      HEALTH_PORT: String(port),
      RABBITMQ_URL,
      EVENTS_EXCHANGE: names.exchange,
      EVENTS_QUEUE_PREFIX: names.queuePrefix,
      EVENTS_RETRY_DELAYS_MS: names.retryDelaysMs.join(','),
    });
    child = consumer.child;
    expect(await answer(`http://127.0.0.1:${port}/healthz`)).toEqual({ status: 'ok' });
    expect(await answer(`http://127.0.0.1:${port}/readyz`)).toMatchObject({ status: 'ready' });

    // A release of a hold it never saw: the tombstone path, logged under the envelope's id.
    const holdId = randomUUID();
    const envelope = {
      event_id: randomUUID(),
      event_type: 'hold.expired' as const,
      occurred_at: new Date().toISOString(),
      aggregate_id: holdId,
      idempotency_key: null,
      correlation_id: 'req-entry-point',
      payload: {
        hold_id: holdId,
        session_id: randomUUID(),
        ticket_type_id: randomUUID(),
        quantity: 1,
      },
    };
    const deadline = Date.now() + 10_000;
    // The consumer declares its queue once connected; publish until a line shows it handled.
    while (!consumer.stdout().includes(holdId) && Date.now() < deadline) {
      await broker.publish(envelope);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const line = consumer
      .stdout()
      .split('\n')
      .find((text) => text.includes(holdId));
    expect(line && (JSON.parse(line) as Record<string, unknown>)).toMatchObject({
      service: 'inventory-consumer',
      request_id: 'req-entry-point',
      msg: 'hold released',
      outcome: 'tombstoned',
    });

    consumer.child.kill('SIGTERM');
    expect(await consumer.exited).toBe(0);
    expect(consumer.stdout()).toContain('inventory consumer stopped');
  });

  it('stops with one line naming a bad variable', async () => {
    const consumer = spawnConsumer({ EVENTS_RETRY_DELAYS_MS: '1000,soon' });
    child = consumer.child;
    expect(await consumer.exited).toBe(1);
    expect(consumer.stderr().trim()).toMatch(
      /^Invalid environment variable EVENTS_RETRY_DELAYS_MS/,
    );
  });
});
