import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from '../src/logger';
import { requestIdFrom, withRequestId } from '../src/request-context';

describe('request context', () => {
  it('carries the request id into every log line written inside it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('test', 'info', sink);

    await withRequestId('req-1', async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');

    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'inside',
      service: 'test',
      request_id: 'req-1',
    });
    expect(JSON.parse(lines[1] ?? '{}').request_id).toBeUndefined();
  });

  it('keeps a sane incoming id and replaces a hostile one', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom('bad id\nwith newline')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
