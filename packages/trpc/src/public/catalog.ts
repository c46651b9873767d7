import { z } from 'zod';

import { pathIdOf } from '../schemas/ids';
import { timestamp } from '../schemas/scalars';
import { decodeCursor } from './page-cursor';

/** The catalog's shapes (docs/architecture.md §5: snake_case, money as a decimal string, ISO timestamps). */

/** A catalog price: a decimal string with two decimals, e.g. "50.00". */
export const money = z.string().regex(/^\d{1,10}\.\d{2}$/);

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A `next_cursor` of an earlier page; anything else is a 400. */
export const pageCursor = z
  .string()
  .refine((value) => decodeCursor(value) !== null, 'Invalid cursor');

export const eventSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    location: z.string(),
    image_url: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Event' });

export const eventPageSchema = z.object({
  results: z.array(eventSchema),
  next_cursor: z.string().nullable(),
});

export const catalogTicketTypeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  price: money,
  quantity: z.number().int(),
});

export const ticketTypeOfferSchema = catalogTicketTypeSchema
  .extend({ available: z.number().int().min(0) })
  .meta({ id: 'TicketTypeOffer' });

const sessionFields = {
  id: z.uuid(),
  starts_at: timestamp,
  ends_at: timestamp,
  total_capacity: z.number().int(),
};

/** A session with its ticket types as the catalog keeps them (cached), before live availability. */
export const catalogSessionSchema = z.object({
  ...sessionFields,
  ticket_types: z.array(catalogTicketTypeSchema),
});

export const sessionOfferSchema = z
  .object({ ...sessionFields, ticket_types: z.array(ticketTypeOfferSchema) })
  .meta({ id: 'SessionOffer' });

export const sessionListSchema = z.object({ results: z.array(sessionOfferSchema) });

export const eventIdInput = z.object({ id: pathIdOf('event') });

export const pageInput = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: pageCursor.optional().describe('next_cursor of the previous page'),
});

export type EventDto = z.infer<typeof eventSchema>;
export type EventPage = z.infer<typeof eventPageSchema>;
export type CatalogTicketType = z.infer<typeof catalogTicketTypeSchema>;
export type CatalogSession = z.infer<typeof catalogSessionSchema>;
export type SessionOffer = z.infer<typeof sessionOfferSchema>;
