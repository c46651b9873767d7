import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { retention } from '../src/common';

describe('RETENTION_* variables', () => {
  const schema = z.object(retention);

  it('default to a week, an hour and 1000 rows', () => {
    expect(schema.parse({})).toEqual({
      RETENTION_WINDOW_HOURS: 168,
      RETENTION_INTERVAL_MS: 3_600_000,
      RETENTION_BATCH_SIZE: 1_000,
    });
  });

  it('refuse a window shorter than a day, which a redelivered event could outlive', () => {
    expect(schema.safeParse({ RETENTION_WINDOW_HOURS: '2' }).success).toBe(false);
    expect(schema.parse({ RETENTION_WINDOW_HOURS: '48' }).RETENTION_WINDOW_HOURS).toBe(48);
    expect(schema.safeParse({ RETENTION_BATCH_SIZE: '0' }).success).toBe(false);
  });
});
