/**
 * The buyer's e-mail, remembered for this tab once they hold seats, so later forms (checkout)
 * start filled in. sessionStorage: it goes when the tab closes, and storage may be unavailable
 * (privacy modes), in which case nothing is remembered.
 */
export const BUYER_EMAIL_KEY = 'ticketing:email';

export function rememberBuyerEmail(email: string): void {
  try {
    sessionStorage.setItem(BUYER_EMAIL_KEY, email);
  } catch {
    // Storage refused: the next form simply starts empty.
  }
}

export function recallBuyerEmail(): string {
  try {
    return sessionStorage.getItem(BUYER_EMAIL_KEY) ?? '';
  } catch {
    return '';
  }
}
