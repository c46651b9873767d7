import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { sendJson } from '@ticketing/runtime/send-json';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One attachment as the HTTP API lists it; `content` stays in process (tests compare bytes). */
export interface SinkAttachment {
  filename: string | null;
  contentType: string;
  cid: string | null;
  size: number;
}

export interface SinkMessage {
  id: string;
  from: string;
  /** The SMTP envelope's recipients: where the mail was actually delivered. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: SinkAttachment[];
  received_at: string;
}

export interface ReceivedMessage extends SinkMessage {
  attachmentContents: Buffer[];
}

export interface MailSinkOptions {
  /** 0 picks a free port (tests). */
  smtpPort: number;
  httpPort: number;
  /** Loopback by default; a container listens on 0.0.0.0. */
  host?: string;
  /** Oldest messages are dropped past this many, so a long dev session stays small. */
  maxMessages?: number;
}

export interface MailSink {
  smtpPort: number;
  httpPort: number;
  /** `smtp://host:port`, for SMTP_URL. */
  smtpUrl: string;
  /** `http://host:port`, where `GET /messages` answers. */
  httpUrl: string;
  /** Everything received so far, oldest first, with attachment bytes. */
  messages(): ReceivedMessage[];
  clear(): void;
  /** Refuses connections until `resume` (a test's SMTP outage); mail already received stays. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

const addressText = (address: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(address) ? address : address ? [address] : []).map((one) => one.text).join(', ');

const publicView = ({ attachmentContents: _contents, ...message }: ReceivedMessage): SinkMessage =>
  message;

function listen(
  server: {
    listen: (port: number, host: string, done: () => void) => unknown;
    once: (event: 'error', listener: (error: Error) => void) => unknown;
  },
  port: number,
  host: string,
) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/**
 * A development SMTP server that accepts every message (no TLS, no auth), keeps it in memory and
 * shows it over HTTP: `GET /messages` (optionally `?to=<address>`), `DELETE /messages`,
 * `GET /healthz`. The notifications consumer sends here in development and tests.
 */
export async function startMailSink(options: MailSinkOptions): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 1_000;
  const received: ReceivedMessage[] = [];

  const createSmtp = () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 25 * 1024 * 1024,
      // A stopping sink does not wait 30 s for a lingering client.
      closeTimeout: 1_000,
      onData(stream, session, callback) {
        simpleParser(stream, { keepCidLinks: true }).then(
          (parsed) => {
            const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
            const mailFrom = session.envelope.mailFrom;
            received.push({
              id: randomUUID(),
              from: addressText(parsed.from) || (mailFrom ? mailFrom.address : ''),
              to: recipients,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html || '',
              attachments: parsed.attachments.map((attachment) => ({
                filename: attachment.filename ?? null,
                contentType: attachment.contentType,
                cid: attachment.cid ?? null,
                size: attachment.size,
              })),
              attachmentContents: parsed.attachments.map((attachment) => attachment.content),
              received_at: new Date().toISOString(),
            });
            received.splice(0, Math.max(0, received.length - maxMessages));
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    // A sender that dies mid-message (a killed consumer) resets its socket, which smtp-server
    // reports as an 'error' event: unheard (listen's `once` takes only the first), it would end
    // the sink and every later mail with it.
    server.on('error', () => {});
    return server;
  };

  let smtp = createSmtp();
  await listen(smtp, options.smtpPort, host);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  let paused = false;

  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    if (url.pathname === '/healthz' && req.method === 'GET') {
      return sendJson(res, 200, { status: 'ok' });
    }
    if (url.pathname === '/messages' && req.method === 'GET') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const list = to
        ? received.filter((message) => message.to.some((address) => address.toLowerCase() === to))
        : received;
      return sendJson(res, 200, list.map(publicView));
    }
    if (url.pathname === '/messages' && req.method === 'DELETE') {
      received.length = 0;
      res.statusCode = 204;
      return res.end();
    }
    sendJson(res, 404, { error: 'not_found', message: 'not found' });
  });
  await listen(api, options.httpPort, host);
  const httpPort = (api.address() as AddressInfo).port;

  const closeSmtp = () => new Promise<void>((resolve) => smtp.close(() => resolve()));

  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: `http://${host}:${httpPort}`,
    messages: () => [...received],
    clear() {
      received.length = 0;
    },
    async pause() {
      if (paused) return;
      paused = true;
      await closeSmtp();
    },
    async resume() {
      if (!paused) return;
      smtp = createSmtp();
      await listen(smtp, smtpPort, host);
      paused = false;
    },
    async close() {
      if (!paused) await closeSmtp();
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}
