import { randomUUID } from 'node:crypto';

import { connectBroker } from '@ticketing/events/connection';

export const TEST_RABBITMQ_URL =
  process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** An events exchange of this run only (never the production `ticketing.events`), deleted after. */
export function testExchange() {
  const name = `web-test.${randomUUID().slice(0, 8)}.events`;
  return {
    name,
    async remove() {
      const broker = await connectBroker({ url: TEST_RABBITMQ_URL });
      try {
        await broker.waitForConnect();
        const channel = await broker.createChannel();
        await channel.deleteExchange(name);
      } finally {
        await broker.close();
      }
    },
  };
}
