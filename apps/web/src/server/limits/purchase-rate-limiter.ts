import type { Logger } from '@ticketing/log/logger';
import { AppError } from '@ticketing/trpc/errors';
import { RETRY_AFTER_DETAIL } from '@ticketing/trpc/server/error-shape';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** What one client address may start per minute (HOLD_/CHECKOUT_RATE_LIMIT_PER_MINUTE). */
export interface PurchaseRateLimits {
  holdsPerMinute: number;
  checkoutsPerMinute: number;
}

export type PurchaseAction = 'hold' | 'checkout';

/** The limits as the web's env file gives them. */
export const purchaseLimitsOf = (env: {
  HOLD_RATE_LIMIT_PER_MINUTE: number;
  CHECKOUT_RATE_LIMIT_PER_MINUTE: number;
}): PurchaseRateLimits => ({
  holdsPerMinute: env.HOLD_RATE_LIMIT_PER_MINUTE,
  checkoutsPerMinute: env.CHECKOUT_RATE_LIMIT_PER_MINUTE,
});

export interface PurchaseRateLimiter {
  /** Counts one request of `action` from `address`; throws 429 `rate_limited` past the limit. */
  consume(action: PurchaseAction, address: string): Promise<void>;
}

const WINDOW_SECONDS = 60;
/** At most one "limiter unavailable" line per this long, however many requests pass meanwhile. */
const OUTAGE_LOG_EVERY_MS = 10_000;

const wording: Record<PurchaseAction, string> = {
  hold: 'Too many seat reservations from your address',
  checkout: 'Too many checkouts from your address',
};

/**
 * The per-address limit of hold and checkout creation (issue 12 §2), with rate-limiter-flexible on
 * Redis so every web process counts against the same budget.
 *
 * Redis unreachable: the request passes (fail open) and the outage is logged. The limit only
 * slows down scripted buyers; every seat is still decided by inventory and the per-buyer cap by
 * PostgreSQL, so a Redis outage costs protection against abuse, not correctness — while failing
 * closed would turn an outage of a cache into a halt of every sale. `rejectIfRedisNotReady` and
 * the cache connection's short command timeout (createCacheRedis) keep that pass fast.
 */
export function createPurchaseRateLimiter(
  redis: Redis,
  limits: PurchaseRateLimits,
  logger: Logger,
  keyPrefix = 'purchase-rate',
): PurchaseRateLimiter {
  const limiter = (action: PurchaseAction, points: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:${action}`,
      points,
      duration: WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
    });
  const limiters: Record<PurchaseAction, RateLimiterRedis> = {
    hold: limiter('hold', limits.holdsPerMinute),
    checkout: limiter('checkout', limits.checkoutsPerMinute),
  };
  let lastOutageLog = 0;
  let passedDuringOutage = 0;

  return {
    async consume(action, address) {
      try {
        await limiters[action].consume(address);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1_000));
          throw new AppError('rate_limited', `${wording[action]}; try again in ${seconds} s`, {
            [RETRY_AFTER_DETAIL]: seconds,
          });
        }
        passedDuringOutage += 1;
        const now = Date.now();
        if (now - lastOutageLog >= OUTAGE_LOG_EVERY_MS) {
          logger.warn(
            { err: rejection, action, passed_unlimited: passedDuringOutage },
            'purchase rate limiter unavailable (Redis); requests pass unlimited',
          );
          lastOutageLog = now;
          passedDuringOutage = 0;
        }
      }
    },
  };
}
