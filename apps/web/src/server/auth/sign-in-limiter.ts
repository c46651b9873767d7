import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** The message of a refused sign-in; the sign-in route turns it into a 429. */
export const RATE_LIMITED_PREFIX = 'rate_limited';

export interface SignInLimits {
  /** Attempts of one account (e-mail) per window; a success clears them. */
  perAccount: number;
  /** Attempts from one address per window, whichever accounts they try. */
  perAddress: number;
  windowSeconds: number;
}

export const defaultSignInLimits: SignInLimits = {
  perAccount: 5,
  perAddress: 20,
  windowSeconds: 15 * 60,
};

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInLimiter {
  /** Counts one attempt (before the password is checked, so parallel tries count too). */
  attempt(address: string, email: string): Promise<SignInVerdict>;
  /** A correct password: the account's failures are forgiven, the address gets its try back. */
  succeeded(address: string, email: string): Promise<void>;
}

const accountKey = (email: string) => email.trim().toLowerCase();

/**
 * Brute-force protection of the admin sign-in with rate-limiter-flexible on Redis: shared by every
 * web process. Should Redis be away, an in-process limiter of the same limits stands in.
 */
export function createSignInLimiter(
  redis: Redis,
  limits: SignInLimits = defaultSignInLimits,
  keyPrefix = 'signin',
): SignInLimiter {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:${name}`,
      points,
      duration: limits.windowSeconds,
      insuranceLimiter: new RateLimiterMemory({ points, duration: limits.windowSeconds }),
    });
  const byAccount = limiter('account', limits.perAccount);
  const byAddress = limiter('address', limits.perAddress);

  const consume = async (target: RateLimiterRedis, key: string): Promise<number | null> => {
    try {
      await target.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000);
      throw rejection;
    }
  };

  return {
    async attempt(address, email) {
      const [account, fromAddress] = await Promise.all([
        consume(byAccount, accountKey(email)),
        consume(byAddress, address),
      ]);
      const wait = Math.max(account ?? 0, fromAddress ?? 0);
      return account === null && fromAddress === null
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, wait) };
    },
    async succeeded(address, email) {
      await Promise.all([byAccount.delete(accountKey(email)), byAddress.reward(address, 1)]);
    },
  };
}

export function rateLimitedMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `${RATE_LIMITED_PREFIX}: Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
