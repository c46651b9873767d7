import { processNames } from '@ticketing/e2e/platform';
import { z } from 'zod';

const shape = z.object({
  /** Concurrent virtual buyers. */
  LOAD_CLIENTS: z.coerce.number().int().min(1).max(2_000).default(200),
  /** Seats on sale (one ticket type). */
  LOAD_SEATS: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** How long buyers keep trying. */
  LOAD_DURATION_S: z.coerce.number().min(1).max(3_600).default(20),
  /** Share of checked-out orders that are paid; the rest are cancelled (seats go back). */
  LOAD_CONFIRM_RATIO: z.coerce.number().min(0).max(1).default(0.9),
  /** A process to SIGKILL halfway through and restart 2 s later (I7), or `none`. */
  LOAD_KILL: z.enum(['none', ...processNames]).default('none'),
});

export type LoadOptions = z.infer<typeof shape>;

export function loadOptions(): LoadOptions {
  const result = shape.safeParse(process.env);
  if (!result.success) {
    const issue = result.error.issues[0];
    process.stderr.write(
      `Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}\n`,
    );
    process.exit(1);
  }
  return result.data;
}
