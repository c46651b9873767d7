import type { AuditAction } from '../../../server/routers/admin-audit-schemas';

export interface ActionInfo {
  label: string;
  group: 'Catalog' | 'Orders' | 'Event bus' | 'Sign-in';
}

/** Every audited action as the page names it; the type makes a new action need a label here. */
export const actionInfo = {
  'event.create': { label: 'Event created', group: 'Catalog' },
  'event.update': { label: 'Event changed', group: 'Catalog' },
  'event.delete': { label: 'Event deleted', group: 'Catalog' },
  'session.create': { label: 'Session added', group: 'Catalog' },
  'session.update': { label: 'Session changed', group: 'Catalog' },
  'session.delete': { label: 'Session deleted', group: 'Catalog' },
  'ticket_type.create': { label: 'Ticket type added', group: 'Catalog' },
  'ticket_type.update': { label: 'Ticket type changed', group: 'Catalog' },
  'ticket_type.delete': { label: 'Ticket type deleted', group: 'Catalog' },
  'order.refund': { label: 'Order refunded', group: 'Orders' },
  'order.cancel': { label: 'Order cancelled', group: 'Orders' },
  'dead_letter.replay': { label: 'Dead letter replayed', group: 'Event bus' },
  'dead_letter.discard': { label: 'Dead letter discarded', group: 'Event bus' },
  'admin.sign_in': { label: 'Signed in', group: 'Sign-in' },
  'admin.sign_in_failed': { label: 'Sign-in refused', group: 'Sign-in' },
  'admin.sign_out_everywhere': { label: 'Signed out everywhere', group: 'Sign-in' },
} as const satisfies Record<AuditAction, ActionInfo>;

export const auditActionNames = Object.keys(actionInfo) as AuditAction[];

export const isAuditAction = (value: string): value is AuditAction =>
  Object.prototype.hasOwnProperty.call(actionInfo, value);

export const actionLabel = (action: string): string =>
  isAuditAction(action) ? actionInfo[action].label : action;

/** The select's option groups, in the order the page lists them. */
export const actionGroups: { group: ActionInfo['group']; actions: AuditAction[] }[] = (
  ['Catalog', 'Orders', 'Event bus', 'Sign-in'] as const
).map((group) => ({
  group,
  actions: auditActionNames.filter((action) => actionInfo[action].group === group),
}));
