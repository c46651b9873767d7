import { describe, expect, it } from 'vitest';

import { availabilityStatus } from '../src/components/storefront/availability';
import {
  filterSearch,
  filterWindow,
  isFiltered,
  noFilter,
  parseEventFilter,
} from '../src/components/storefront/event-filter';
import { holdProblemOf } from '../src/components/storefront/hold-problem';

/** The home page's URL filter, the card badge and the reserve dialog's reading of errors. */

describe('home page filter in the URL', () => {
  it('reads search and preset, ignoring what it does not know', () => {
    expect(parseEventFilter({ q: '  jazz  ', date: 'week' })).toEqual({
      q: 'jazz',
      date: 'week',
      from: '',
      to: '',
    });
    expect(parseEventFilter({ date: 'tomorrow', from: '2027-01-01' })).toEqual(noFilter);
    expect(parseEventFilter({ q: ['first', 'second'] }).q).toBe('first');
    expect(parseEventFilter({ q: 'x'.repeat(300) }).q).toHaveLength(100);
  });

  it('keeps only real days of a chosen range, and puts a backwards range in order', () => {
    expect(parseEventFilter({ date: 'range', from: '2027-02-31', to: 'soon' })).toMatchObject({
      from: '',
      to: '',
    });
    expect(parseEventFilter({ date: 'range', from: '2027-03-10', to: '2027-03-01' })).toMatchObject(
      { from: '2027-03-01', to: '2027-03-10' },
    );
  });

  it('writes a tidy query string and reads it back the same', () => {
    const filter = { q: 'opera', date: 'range' as const, from: '2027-01-01', to: '' };
    expect(filterSearch(filter)).toBe('?q=opera&date=range&from=2027-01-01');
    expect(filterSearch(noFilter)).toBe('');
    expect(filterSearch({ ...noFilter, date: 'month', from: '2027-01-01' })).toBe('?date=month');
    const params = Object.fromEntries(new URLSearchParams(filterSearch(filter)));
    expect(parseEventFilter(params)).toEqual(filter);
    expect(isFiltered(noFilter)).toBe(false);
    expect(isFiltered({ ...noFilter, date: 'week' })).toBe(true);
  });

  it('turns presets into instants: this week until Monday, this month until the 1st (UTC)', () => {
    // Wednesday 13 January 2027, evening.
    const now = new Date('2027-01-13T20:30:00Z');
    expect(filterWindow({ ...noFilter, date: 'week' }, now)).toEqual({
      from: '2027-01-13T00:00:00.000Z',
      to: '2027-01-18T00:00:00.000Z',
    });
    expect(filterWindow({ ...noFilter, date: 'month' }, now)).toEqual({
      from: '2027-01-13T00:00:00.000Z',
      to: '2027-02-01T00:00:00.000Z',
    });
    // On a Sunday "this week" is that one day; in December the month ends at New Year.
    expect(filterWindow({ ...noFilter, date: 'week' }, new Date('2027-01-17T09:00:00Z')).to).toBe(
      '2027-01-18T00:00:00.000Z',
    );
    expect(filterWindow({ ...noFilter, date: 'month' }, new Date('2026-12-31T23:00:00Z')).to).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(filterWindow(noFilter, now)).toEqual({});
  });

  it('makes a chosen range cover its last day, and leaves an open end open', () => {
    const now = new Date('2027-01-13T20:30:00Z');
    expect(
      filterWindow({ ...noFilter, date: 'range', from: '2027-02-01', to: '2027-02-03' }, now),
    ).toEqual({ from: '2027-02-01T00:00:00.000Z', to: '2027-02-04T00:00:00.000Z' });
    expect(filterWindow({ ...noFilter, date: 'range', to: '2027-02-03' }, now)).toEqual({
      from: undefined,
      to: '2027-02-04T00:00:00.000Z',
    });
  });
});

describe('availability badge', () => {
  it('is on sale, few left from a tenth (at least the last five), sold out at zero', () => {
    expect(availabilityStatus(500, 950)).toBe('on_sale');
    expect(availabilityStatus(96, 950)).toBe('on_sale');
    expect(availabilityStatus(95, 950)).toBe('few_left');
    expect(availabilityStatus(6, 20)).toBe('on_sale');
    expect(availabilityStatus(5, 20)).toBe('few_left');
    expect(availabilityStatus(1, 20)).toBe('few_left');
    expect(availabilityStatus(0, 20)).toBe('sold_out');
  });
});

describe('reserve dialog errors', () => {
  const error = (code: string, extra: Partial<Parameters<typeof holdProblemOf>[0]> = {}) => ({
    code,
    message: code,
    fields: {},
    details: {},
    ...extra,
  });

  it('tells sold out from only-N-left by the `available` of the 409', () => {
    expect(holdProblemOf(error('insufficient_inventory', { details: { available: 0 } }))).toEqual({
      kind: 'sold_out',
    });
    expect(holdProblemOf(error('insufficient_inventory', { details: { available: 3 } }))).toEqual({
      kind: 'only_left',
      available: 3,
    });
    expect(holdProblemOf(error('insufficient_inventory'))).toEqual({ kind: 'sold_out' });
  });

  it('offers a retry for 503, 429 and a lost connection', () => {
    expect(holdProblemOf(error('inventory_unavailable', { status: 503 }))).toEqual({
      kind: 'busy',
    });
    expect(holdProblemOf(error('rate_limited', { status: 429 }))).toEqual({ kind: 'busy' });
    expect(holdProblemOf(error('network_error'))).toEqual({ kind: 'busy' });
  });

  it('puts a refused e-mail on the field', () => {
    expect(
      holdProblemOf(
        error('validation_error', { fields: { customer_email: 'Invalid email address' } }),
      ),
    ).toEqual({ kind: 'invalid', email: 'Invalid email address' });
    expect(holdProblemOf(error('not_found', { status: 404 }))).toEqual({ kind: 'gone' });
  });
});
