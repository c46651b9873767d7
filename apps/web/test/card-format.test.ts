import { describe, expect, it } from 'vitest';

import {
  expiryProblem,
  formatCardNumber,
  formatCvc,
  formatExpiry,
  passesLuhn,
  paymentSchema,
  TEST_CARDS,
} from '../src/components/checkout/card-format';

describe('the payment step formats as the buyer types', () => {
  it('groups the card number by 4 and keeps at most 19 digits', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('4242 42a42-')).toBe('4242 4242');
    expect(formatCardNumber('4242')).toBe('4242');
    expect(formatCardNumber('1'.repeat(25))).toBe('1111 1111 1111 1111 111');
  });

  it('writes the expiry as MM/YY, pads a lone 2-9 and lets backspace remove the slash', () => {
    expect(formatExpiry('1')).toBe('1');
    expect(formatExpiry('12')).toBe('12/');
    expect(formatExpiry('1230')).toBe('12/30');
    expect(formatExpiry('4')).toBe('04/');
    expect(formatExpiry('12/305')).toBe('12/30');
    expect(formatExpiry('12', '12/')).toBe('1');
  });

  it('keeps the CVC to 4 digits', () => {
    expect(formatCvc('12a34 5')).toBe('1234');
  });
});

describe('payment validation', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('accepts both test cards (Luhn) and refuses a mistyped digit', () => {
    for (const card of TEST_CARDS) expect(passesLuhn(card.number.replace(/ /g, ''))).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
  });

  it('refuses a month that does not exist or has ended', () => {
    expect(expiryProblem('13/30', now)).toBe('Enter a month from 01 to 12');
    expect(expiryProblem('11/26', now)).toBe('This card has expired');
    expect(expiryProblem('12/26', now)).toBeNull();
    expect(expiryProblem('1/30', now)).toBe('Enter the expiry date as MM/YY');
  });

  it('names each wrong field in plain words', () => {
    const result = paymentSchema.safeParse({
      card_number: '4242 4242 4242 4241',
      expiry: '',
      cvc: '1',
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]),
    );
    expect(messages).toEqual({
      card_number: 'Check the card number: it is not a valid card',
      expiry: 'Enter the expiry date',
      cvc: 'The security code is 3 or 4 digits',
    });
    expect(
      paymentSchema.safeParse({ card_number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' })
        .success,
    ).toBe(true);
  });
});
