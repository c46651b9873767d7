import { randomUUID } from 'node:crypto';

import amqp from 'amqplib';

import { signInAsAdmin } from '../src/admin';
import { readRunInfo, suiteEnv } from '../src/env';
import { expect, test } from '../src/fixtures';

/**
 * A valid `hold.released` (for a hold inventory never saw) that gave up after 3 attempts, as the
 * consumer leaves it in its dead-letter queue (e.g. its database was away for every retry).
 * Applied now, it only leaves a tombstone: a replay succeeds.
 */
async function plantDeadLetter(queue: string): Promise<string> {
  const eventId = randomUUID();
  const holdId = randomUUID();
  const envelope = {
    event_id: eventId,
    event_type: 'hold.released',
    occurred_at: new Date().toISOString(),
    aggregate_id: holdId,
    idempotency_key: null,
    payload: {
      hold_id: holdId,
      session_id: randomUUID(),
      ticket_type_id: randomUUID(),
      quantity: 1,
      reason: 'customer',
    },
  };
  const connection = await amqp.connect(suiteEnv.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(`${queue}.dlq`, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: eventId,
      type: envelope.event_type,
      headers: {
        'x-attempt': 3,
        'x-error': 'connect ECONNREFUSED 127.0.0.1:5432 (planted by the browser test)',
        'x-dead-lettered-at': new Date(Date.now() - 90_000).toISOString(),
      },
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
  return eventId;
}

test('an admin replays a dead-lettered message, it is applied once and the backlog clears; discard asks first', async ({
  page,
  platform,
  saveScreenshot,
}) => {
  const { events } = readRunInfo();
  const queue = `${events.queuePrefix}inventory.events`;
  const replayed = await plantDeadLetter(queue);
  const discarded = await plantDeadLetter(queue);

  await signInAsAdmin(page, platform.admin, '/admin/event-bus');
  const panel = page.getByRole('region', { name: queue, exact: true });
  await expect(panel).toContainText('2 dead letters');
  const rows = panel.getByRole('row');
  await expect(rows.filter({ hasText: 'hold.released' })).toHaveCount(2);
  await expect(panel).toContainText('ECONNREFUSED');
  await saveScreenshot('dead-letters');

  const replayRow = rows.filter({ hasText: replayed.slice(0, 8) });
  await replayRow.getByRole('button', { name: 'Replay' }).click();
  await expect(panel).toContainText('1 dead letter', { timeout: 15_000 });
  await expect
    .poll(async () =>
      platform.db.query('inventory', 'select 1 from consumed_events where event_id = $1', [
        replayed,
      ]),
    )
    .toHaveLength(1);

  const discardRow = rows.filter({ hasText: discarded.slice(0, 8) });
  await discardRow.getByRole('button', { name: 'Discard' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Discard this message?' });
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel).toContainText('0 dead letters', { timeout: 15_000 });
  await expect(panel).toContainText('Healthy');
  expect(
    await platform.db.query('inventory', 'select 1 from consumed_events where event_id = $1', [
      discarded,
    ]),
  ).toHaveLength(0);
  await saveScreenshot('cleared');
});
