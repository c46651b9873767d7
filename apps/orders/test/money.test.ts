import { describe, expect, it } from 'vitest';

import { formatCents, normaliseAmount, orderTotal, toCents } from '../src/domain/money';

describe('money in exact decimal', () => {
  it.each([
    [[{ quantity: 3, unit_price: '0.10' }], '0.30'],
    [[{ quantity: 7, unit_price: '19.99' }], '139.93'],
    [
      [
        { quantity: 3, unit_price: '0.1' },
        { quantity: 1, unit_price: '0.2' },
      ],
      '0.50',
    ],
    [[{ quantity: 1000, unit_price: '99999.99' }], '99999990.00'],
    [[{ quantity: 1, unit_price: '0' }], '0.00'],
  ])('totals %j as %s', (items, total) => {
    expect(orderTotal(items)).toBe(total);
  });

  it('never goes through a float', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; 1.15 * 100 is 114.99999999999999.
    expect(formatCents(toCents('0.1') + toCents('0.2'))).toBe('0.30');
    expect(toCents('1.15')).toBe(115n);
    expect(normaliseAmount('5')).toBe('5.00');
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['-1.00', '1.234', '1e3', '', 'abc', '1.']) {
      expect(() => toCents(bad)).toThrow(RangeError);
    }
  });
});
