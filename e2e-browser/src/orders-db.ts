import type { Databases } from '@ticketing/e2e/databases';

export interface OrderRow {
  id: string;
  status: string;
  hold_id: string;
  total_amount: string;
}

/** Every order of one buyer, straight from ticketing_orders (a black-box view behind the pages). */
export function ordersOf(db: Databases, email: string): Promise<OrderRow[]> {
  return db.query<OrderRow>(
    'orders',
    `select id, status, hold_id, total_amount::text as total_amount
       from orders where lower(customer_email) = lower($1) order by created_at`,
    [email],
  );
}

export interface HoldRow {
  id: string;
  status: string;
  quantity: number;
}

export function holdsOf(db: Databases, email: string): Promise<HoldRow[]> {
  return db.query<HoldRow>(
    'main',
    `select id, status, quantity from holds where lower(customer_email) = lower($1)`,
    [email],
  );
}
