import { catalogSessionSchema, catalogTicketTypeSchema } from '@ticketing/trpc/public/catalog';
import { timestamp } from '@ticketing/trpc/schemas/scalars';
import { z } from 'zod';

/** The admin API's answers for sessions and ticket types: the public shapes plus owner and dates. */

export const adminSessionSchema = catalogSessionSchema
  .omit({ ticket_types: true })
  .extend({ event_id: z.uuid(), created_at: timestamp, updated_at: timestamp })
  .meta({ id: 'Session' });

export const adminTicketTypeSchema = catalogTicketTypeSchema
  .extend({ session_id: z.uuid(), created_at: timestamp, updated_at: timestamp })
  .meta({ id: 'TicketType' });

export type AdminSession = z.infer<typeof adminSessionSchema>;
export type AdminTicketType = z.infer<typeof adminTicketTypeSchema>;
