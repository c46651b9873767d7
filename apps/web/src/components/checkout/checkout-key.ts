/**
 * The Idempotency-Key of a hold's checkout, made once and kept in sessionStorage: a double click,
 * a retry or a reload of the page sends the same key, so orders answers the same order instead of
 * making a second one.
 */
const storageKey = (holdId: string) => `ticketing:checkout-key:${holdId}`;

/** Where the buyer's e-mail is remembered between the event page and checkout. */
export const EMAIL_STORAGE_KEY = 'ticketing:email';

/** Keys made while sessionStorage is unavailable (private mode): kept for the life of the tab. */
const inMemory = new Map<string, string>();

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; an http:// address on the LAN has only getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function checkoutKeyFor(holdId: string): string {
  const name = storageKey(holdId);
  try {
    const stored = window.sessionStorage.getItem(name);
    if (stored) return stored;
  } catch {
    // Storage refused (private mode): the in-memory key below still covers this tab.
  }
  const key = inMemory.get(name) ?? newKey();
  inMemory.set(name, key);
  try {
    window.sessionStorage.setItem(name, key);
  } catch {
    // As above.
  }
  return key;
}

export function rememberEmail(email: string): void {
  try {
    window.sessionStorage.setItem(EMAIL_STORAGE_KEY, email);
  } catch {
    // Nothing to remember it in; the next page simply starts empty.
  }
}
