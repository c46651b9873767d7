import { describe, expect, it, vi } from 'vitest';

import { AppError } from '../src/errors';

describe('AppError', () => {
  it('is recognised across copies of the module (Next bundles its own copy for pages)', async () => {
    // A second, separately evaluated copy of errors.ts, as Next's bundle has.
    vi.resetModules();
    const copy = await import('../src/errors');
    expect(copy.AppError).not.toBe(AppError);
    const foreign: unknown = new copy.AppError('not_found', 'event x not found');
    expect(foreign instanceof AppError).toBe(true);
    expect(new Error('plain') instanceof AppError).toBe(false);
    expect({} instanceof AppError).toBe(false);
  });

  it('keeps instanceof exact for subclasses', () => {
    class Unavailable extends AppError {}
    expect(new Unavailable('orders_unavailable', 'down') instanceof Unavailable).toBe(true);
    expect(new AppError('orders_unavailable', 'down') instanceof Unavailable).toBe(false);
    expect(new Unavailable('orders_unavailable', 'down') instanceof AppError).toBe(true);
  });
});
