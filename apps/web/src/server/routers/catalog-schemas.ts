import { z } from 'zod';
import { decodeCursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../catalog/cursor';

/** Response shapes of the catalog (§5: snake_case, money as a decimal string, ISO timestamps). */

const timestamp = z.iso.datetime({ offset: true });
const money = z.string().regex(/^\d{1,10}\.\d{2}$/);

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

export const catalogSessionSchema = z.object({
  ...sessionFields,
  ticket_types: z.array(catalogTicketTypeSchema),
});

export const sessionOfferSchema = z
  .object({ ...sessionFields, ticket_types: z.array(ticketTypeOfferSchema) })
  .meta({ id: 'SessionOffer' });

export const sessionListSchema = z.object({ results: z.array(sessionOfferSchema) });

export const adminSessionSchema = z
  .object({
    ...sessionFields,
    event_id: z.uuid(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Session' });

export const adminTicketTypeSchema = catalogTicketTypeSchema
  .extend({ session_id: z.uuid(), created_at: timestamp, updated_at: timestamp })
  .meta({ id: 'TicketType' });

export type EventDto = z.infer<typeof eventSchema>;
export type EventPage = z.infer<typeof eventPageSchema>;
export type CatalogTicketType = z.infer<typeof catalogTicketTypeSchema>;
export type CatalogSession = z.infer<typeof catalogSessionSchema>;
export type SessionOffer = z.infer<typeof sessionOfferSchema>;
export type AdminSession = z.infer<typeof adminSessionSchema>;
export type AdminTicketType = z.infer<typeof adminTicketTypeSchema>;

/**
 * Ids in paths are plain strings on purpose: a malformed id is a 404 like any unknown one, not a
 * 400, and the data functions make sure PostgreSQL never sees it.
 */
export const pathId = z.string().max(100).describe('UUID of the resource');

export const idInput = z.object({ id: pathId });

export const pageInput = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .refine((value) => decodeCursor(value) !== null, 'Invalid cursor')
    .optional()
    .describe('next_cursor of the previous page'),
});
