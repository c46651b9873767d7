import { z } from 'zod';

import { timestamp } from '../schemas/scalars';
import { safeText } from '../schemas/text';
import { money, pageCursor } from './catalog';

/** The storefront's own reads (tRPC only; the §5 REST routes are untouched). */

/** Longest search text the storefront accepts. */
export const MAX_SEARCH_LENGTH = 100;
export const STOREFRONT_PAGE_SIZE = 12;
const MAX_STOREFRONT_PAGE_SIZE = 48;

export const upcomingInput = z
  .object({
    q: safeText({ max: MAX_SEARCH_LENGTH, min: 0 }).optional(),
    from: timestamp.optional().describe('Sessions still running at or after this instant'),
    to: timestamp.optional().describe('Sessions starting before this instant'),
    cursor: pageCursor.optional(),
    limit: z.number().int().min(1).max(MAX_STOREFRONT_PAGE_SIZE).default(STOREFRONT_PAGE_SIZE),
  })
  .refine(({ from, to }) => !from || !to || new Date(to) > new Date(from), {
    path: ['to'],
    message: 'The end of the range must be after its start',
  });

export const upcomingEventSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  location: z.string(),
  image_url: z.string().nullable(),
  next_starts_at: timestamp,
  from_price: money.nullable(),
  available: z.number().int().min(0),
  capacity: z.number().int().min(0),
});

export const upcomingPageSchema = z.object({
  results: z.array(upcomingEventSchema),
  next_cursor: z.string().nullable(),
});

export type UpcomingInput = z.input<typeof upcomingInput>;
export type UpcomingEvent = z.infer<typeof upcomingEventSchema>;
export type UpcomingPage = z.infer<typeof upcomingPageSchema>;
