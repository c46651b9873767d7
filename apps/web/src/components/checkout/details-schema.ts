import { checkoutInput } from '@ticketing/trpc/public/orders';
import { z } from 'zod';

/**
 * The details step validates with the checkout procedure's own field schemas; only the name, which
 * the API leaves optional, is required here. The messages are for people, not for the API.
 */
export const detailsSchema = z.object({
  customer_name: checkoutInput.shape.customer_name.unwrap(),
  customer_email: checkoutInput.shape.customer_email,
});

export type DetailsValues = z.input<typeof detailsSchema>;

const messages: Record<keyof DetailsValues, { missing: string; tooLong: string; invalid: string }> =
  {
    customer_name: {
      missing: 'Enter your full name',
      tooLong: 'Your name can be at most 200 characters',
      invalid: 'Enter your full name',
    },
    customer_email: {
      missing: 'Enter your e-mail address',
      tooLong: 'Your e-mail address can be at most 254 characters',
      invalid: 'Enter an e-mail address like name@example.com',
    },
  };

/** The human message of a field's zod issue (also used for the server's validation_error fields). */
export function detailsMessage(
  field: keyof DetailsValues,
  issue?: { code?: string; input?: unknown },
) {
  const text = messages[field];
  if (issue?.input === '' || (typeof issue?.input === 'string' && issue.input.trim() === '')) {
    return text.missing;
  }
  if (issue?.code === 'too_big') return text.tooLong;
  if (issue?.code === 'too_small') return text.missing;
  return text.invalid;
}

export const detailsErrorMap = (issue: {
  code?: string;
  input?: unknown;
  path?: PropertyKey[];
}) => {
  const field = issue.path?.[0];
  if (field === 'customer_name' || field === 'customer_email') return detailsMessage(field, issue);
  return undefined;
};

export const isDetailsField = (name: string): name is keyof DetailsValues =>
  name === 'customer_name' || name === 'customer_email';
