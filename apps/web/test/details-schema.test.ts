import { checkoutInput } from '@ticketing/trpc/public/orders';
import { describe, expect, it } from 'vitest';

import { detailsErrorMap, detailsSchema } from '../src/components/checkout/details-schema';

const messagesOf = (values: Record<string, string>) => {
  const result = detailsSchema.safeParse(values, { error: detailsErrorMap });
  return Object.fromEntries(
    (result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]),
  );
};

describe('the details step validates with the checkout schema', () => {
  it('requires a name there although the API leaves it optional', () => {
    expect(checkoutInput.shape.customer_name.safeParse(undefined).success).toBe(true);
    expect(messagesOf({ customer_name: '  ', customer_email: 'ada@example.com' })).toEqual({
      customer_name: 'Enter your full name',
    });
  });

  it('says what is wrong with an e-mail in plain words', () => {
    expect(messagesOf({ customer_name: 'Ada', customer_email: '' })).toEqual({
      customer_email: 'Enter your e-mail address',
    });
    expect(messagesOf({ customer_name: 'Ada', customer_email: 'ada@' })).toEqual({
      customer_email: 'Enter an e-mail address like name@example.com',
    });
    expect(
      messagesOf({ customer_name: 'x'.repeat(201), customer_email: 'ada@example.com' }),
    ).toEqual({
      customer_name: 'Your name can be at most 200 characters',
    });
    expect(
      messagesOf({ customer_name: 'Ada Lovelace', customer_email: 'ada@example.com' }),
    ).toEqual({});
  });
});
