import { cardNumber } from '@ticketing/trpc/orders/contract';
import { z } from 'zod';

/** The stub's test cards, listed on the payment step. */
export const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'Payment succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'Card is declined' },
] as const;

export const digitsOf = (value: string) => value.replace(/\D/g, '');

/** "4242424242424242" → "4242 4242 4242 4242", as the buyer types (at most 19 digits). */
export const formatCardNumber = (value: string) =>
  digitsOf(value)
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');

/** "1" → "1", "12" → "12/", "1228" → "12/28"; a leading 2-9 is a month on its own ("4" → "04/"). */
export function formatExpiry(value: string, previous = ''): string {
  let digits = digitsOf(value).slice(0, 4);
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  // Deleting the slash deletes the month's last digit, so backspace never gets stuck.
  const deletingSlash = previous.endsWith('/') && value.length < previous.length;
  if (deletingSlash) digits = digits.slice(0, 1);
  if (digits.length < 2) return digits;
  if (digits.length === 2 && !deletingSlash) return `${digits}/`;
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

export const formatCvc = (value: string) => digitsOf(value).slice(0, 4);

/** The Luhn checksum every real card number carries: catches a mistyped digit before paying. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Whether MM/YY is a real month that has not ended yet. */
export function expiryProblem(value: string, now = new Date()): string | null {
  const match = /^(\d{2})\/(\d{2})$/.exec(value);
  if (!match) return 'Enter the expiry date as MM/YY';
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return 'Enter a month from 01 to 12';
  const endOfMonth = new Date(Date.UTC(year, month, 1));
  if (endOfMonth <= now) return 'This card has expired';
  return null;
}

/** The card form; the number is checked with the confirm procedure's own `cardNumber` schema. */
export const paymentSchema = z
  .object({
    card_number: z.string(),
    expiry: z.string(),
    cvc: z.string(),
  })
  .superRefine((values, context) => {
    const digits = digitsOf(values.card_number);
    if (digits.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['card_number'],
        message: 'Enter your card number',
      });
    } else if (!cardNumber.safeParse(digits).success || !passesLuhn(digits)) {
      context.addIssue({
        code: 'custom',
        path: ['card_number'],
        message: 'Check the card number: it is not a valid card',
      });
    }
    const expiry = values.expiry === '' ? 'Enter the expiry date' : expiryProblem(values.expiry);
    if (expiry) context.addIssue({ code: 'custom', path: ['expiry'], message: expiry });
    if (!/^\d{3,4}$/.test(values.cvc)) {
      context.addIssue({
        code: 'custom',
        path: ['cvc'],
        message:
          values.cvc === '' ? 'Enter the security code' : 'The security code is 3 or 4 digits',
      });
    }
  });

export type PaymentValues = z.input<typeof paymentSchema>;
