import type { IncomingMessage } from 'node:http';

/**
 * The whole body of `req`, or undefined when it is longer than `limit` bytes (the rest is read
 * and dropped, so the client gets the answer instead of a reset connection). Awaited, so the
 * caller goes on in its own async context (request id), not in the socket's.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
