import { randomUUID } from 'node:crypto';

import type { PaymentProvider } from './provider';

/** The test card that the stub always declines (the usual "card declined" test number). */
export const DECLINED_CARD = '4000000000000002';

/** Charges succeed for every card but the declined one; nothing leaves the process. */
export const stubPaymentProvider: PaymentProvider = {
  name: 'stub',
  async charge({ cardNumber }) {
    if (cardNumber === DECLINED_CARD) return { ok: false, reason: 'card_declined' };
    return { ok: true, reference: `stub_${randomUUID()}` };
  },
  // Nothing moves, so a repeated key is trivially the same refund.
  async refund() {},
};
