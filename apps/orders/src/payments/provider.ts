/**
 * What the orders service needs from a payment provider. The stub implements it; a real provider
 * (card network, PSP) would be another implementation handed to the service at start-up.
 */
export interface ChargeRequest {
  orderId: string;
  /** Decimal string, e.g. "139.93". */
  amount: string;
  cardNumber?: string;
}

export type ChargeResult = { ok: true; reference: string } | { ok: false; reason: string };

export interface RefundRequest {
  orderId: string;
  amount: string;
  /** The reference the successful charge returned. */
  reference: string | null;
  /**
   * Names this refund at the provider: a second request with the same key is the same refund
   * (a retried call, a double click) and moves no money again.
   */
  idempotencyKey: string;
}

export interface PaymentProvider {
  /** Stored with each payment row, so a refund goes back to the provider that charged. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<void>;
}
