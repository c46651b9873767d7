/**
 * Exact money arithmetic in integer cents (BigInt): amounts enter and leave as decimal strings
 * ("0.10", "139.93") and never pass through a float.
 */

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): bigint {
  const match = DECIMAL.exec(amount);
  if (!match) throw new RangeError(`not a money amount: ${amount}`);
  const [, units = '0', fraction = ''] = match;
  return BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function formatCents(cents: bigint): string {
  if (cents < 0n) throw new RangeError('money amounts are never negative here');
  const units = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, '0');
  return `${units}.${fraction}`;
}

/** The canonical form of an amount: "0.1" and "0.10" are the same price. */
export const normaliseAmount = (amount: string) => formatCents(toCents(amount));

export function orderTotal(items: readonly { quantity: number; unit_price: string }[]): string {
  const cents = items.reduce(
    (sum, item) => sum + BigInt(item.quantity) * toCents(item.unit_price),
    0n,
  );
  return formatCents(cents);
}
