import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestProxy {
  url: string;
  /** Every forwarded request's headers, oldest first. */
  seen: http.IncomingHttpHeaders[];
  /** Answers come back after this long (the service has done its work by then). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'keep-alive']);

/**
 * An HTTP proxy in front of a service that records the headers it forwards and can hold the answer
 * back: the service does the work at once, the caller sees the answer late (a timeout whose
 * outcome is "done", the hard case for a checkout).
 */
export async function startTestProxy(target: string, port = 0): Promise<TestProxy> {
  let delayMs = 0;
  const seen: http.IncomingHttpHeaders[] = [];
  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === 'string' && !HOP_BY_HOP.has(entry[0]),
      ),
    );
    try {
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      res.end(body);
    } catch {
      res.destroy();
    }
  };
  const server = http.createServer((req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    seen,
    setDelay: (ms) => (delayMs = ms),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
