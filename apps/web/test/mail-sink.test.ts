import net from 'node:net';

import { afterAll, describe, expect, it } from 'vitest';

import { type MailSink, startMailSink } from '../src/dev/mail-sink-server';

let sink: MailSink | undefined;
afterAll(() => sink?.close());

/** A raw SMTP client: each line sent, the server's answer read back. */
function smtpClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const answer = () =>
    new Promise<string>((resolve) => socket.once('data', (data) => resolve(data.toString())));
  return {
    socket,
    answer,
    async say(line: string) {
      socket.write(`${line}\r\n`);
      return answer();
    },
  };
}

describe('dev mail sink', () => {
  it('survives senders that die in the middle of a message (connection reset) and keeps accepting mail', async () => {
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    const { smtpPort } = sink;
    // A consumer sending several e-mails at once is killed: each of its sockets resets.
    for (let i = 0; i < 3; i += 1) {
      const dying = smtpClient(smtpPort);
      expect(await dying.answer()).toMatch(/^220 /);
      expect(await dying.say('EHLO crashing-client')).toMatch(/^250/);
      expect(await dying.say('MAIL FROM:<tickets@example.com>')).toMatch(/^250/);
      expect(await dying.say('RCPT TO:<buyer@example.com>')).toMatch(/^250/);
      expect(await dying.say('DATA')).toMatch(/^354/);
      dying.socket.write('Subject: half a message\r\n\r\nthe sender is killed here');
      await new Promise((resolve) => setTimeout(resolve, 100));
      // What a SIGKILLed sender's socket does: RST, no QUIT. smtp-server reports it as an error.
      dying.socket.resetAndDestroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const next = smtpClient(smtpPort);
    expect(await next.answer()).toMatch(/^220 /);
    expect(await next.say('QUIT')).toMatch(/^221/);
    expect((await fetch(`${sink.httpUrl}/healthz`)).status).toBe(200);
  });
});
