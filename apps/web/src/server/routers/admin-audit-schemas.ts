import { auditEntryOutput, ordersAuditActions } from '@ticketing/trpc/orders/contract';
import { z } from 'zod';

import { webAuditActions } from '../admin/audit-log';

/** Every action of the admin's audit log: the web's own and those orders records. */
export const auditActions = [...webAuditActions, ...ordersAuditActions] as const;
export type AuditAction = (typeof auditActions)[number];

const instant = z.iso.datetime({ offset: true });

export const auditListInput = z.object({
  action: z.enum(auditActions).optional(),
  /** A prefix of the actor (an e-mail, `api-token`), any case. */
  actor: z.string().trim().min(1).max(254).optional(),
  /** At or after / before (ISO-8601 with offset). */
  from: instant.optional(),
  to: instant.optional(),
  /** `next_cursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type AuditListInput = z.output<typeof auditListInput>;

export const auditPageSchema = z.object({
  /** Newest first, the web's entries and orders' merged into one timeline. */
  results: z.array(auditEntryOutput),
  next_cursor: z.string().nullable(),
  /** Orders could not be asked: its refunds and cancels are missing from this page. */
  orders_unavailable: z.boolean(),
});
export type AuditPage = z.output<typeof auditPageSchema>;
