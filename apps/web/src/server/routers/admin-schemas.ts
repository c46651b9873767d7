import { pathIdOf } from '@ticketing/trpc/schemas/ids';
import {
  MAX_TICKET_TYPE_QUANTITY,
  unitPrice,
} from '@ticketing/trpc/schemas/money';
import { safeMultilineText, safeText } from '@ticketing/trpc/schemas/text';
import { z } from 'zod';

/**
 * Request bodies of the admin API; PATCH bodies are the same fields, all optional. Body numbers
 * stay strict (no `true` → 1, `""` → 0): the shared REST layer pins coercion off for body routes.
 */

const imageUrl = safeText({ max: 2000, min: 0 }).regex(/^(https?:\/\/\S+|\/\S*)$/, 'Must be an http(s) URL or a path such as /images/x.svg');

const timestamp = z.iso.datetime({ offset: true });

export const eventFields = {
  name: safeText({ max: 200 }),
  description: safeMultilineText({ max: 5000 }),
  location: safeText({ max: 200 }),
  image_url: imageUrl.nullable().optional(),
};

export const sessionFields = {
  starts_at: timestamp,
  ends_at: timestamp,
  total_capacity: z.number().int().min(1).max(MAX_TICKET_TYPE_QUANTITY),
};

export const ticketTypeFields = {
  name: safeText({ max: 100 }),
  /** The orders service's own format and cap: a price saved here can always be sold. */
  price: unitPrice,
  quantity: z.number().int().min(1).max(MAX_TICKET_TYPE_QUANTITY),
};

const atLeastOneField = (value: Record<string, unknown>) =>
  Object.entries(value).some(([key, field]) => key !== 'id' && field !== undefined);

/** Path ids of the admin routes: a malformed one answers 404 like an unknown one. */
export const sessionIdInput = z.object({ id: pathIdOf('session') });
export const ticketTypeIdInput = z.object({ id: pathIdOf('ticket type') });

/** `{ id, ...fields }` where every field is optional but at least one is given. */
export function patchInput<T extends z.ZodRawShape>(what: string, fields: T) {
  return z
    .object(fields)
    .partial()
    .extend({ id: pathIdOf(what) })
    .refine(atLeastOneField, 'Give at least one field to change');
}

/** Only judged when both dates are valid; an invalid one is already named by its own field. */
function endsAfterStarts(value: { starts_at?: string; ends_at?: string }): boolean {
  const startsAt = Date.parse(value.starts_at ?? '');
  const endsAt = Date.parse(value.ends_at ?? '');
  return Number.isNaN(startsAt) || Number.isNaN(endsAt) || endsAt > startsAt;
}

export const createEventInput = z.object(eventFields);
export const updateEventInput = patchInput('event', eventFields);

export const createSessionInput = z
  .object({ id: pathIdOf('event'), ...sessionFields })
  .refine(endsAfterStarts, { message: 'ends_at must be after starts_at', path: ['ends_at'] });
export const updateSessionInput = patchInput('session', sessionFields).refine(endsAfterStarts, {
  message: 'ends_at must be after starts_at',
  path: ['ends_at'],
});

export const createTicketTypeInput = z.object({
  id: pathIdOf('session'),
  ...ticketTypeFields,
});
export const updateTicketTypeInput = patchInput('ticket type', ticketTypeFields);
