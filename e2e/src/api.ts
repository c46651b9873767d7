import { randomUUID } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export interface ApiResponse {
  status: number;
  body: JsonObject;
  headers: Headers;
  /** Wall time of the request, for the "fails fast" assertions. */
  ms: number;
}

/** One JSON request; a non-object body comes back as `{ value }`. */
export async function request(
  baseUrl: string,
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const parsed: unknown = text ? JSON.parse(text) : {};
  const json =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as JsonObject)
      : { value: parsed };
  return { status: response.status, body: json, headers: response.headers, ms };
}

/** A string field of a response body, or a failure that shows the whole response. */
export function field(response: ApiResponse, name: string): string {
  const value = response.body[name];
  if (typeof value !== 'string') {
    throw new Error(
      `expected a string "${name}" in the ${response.status} answer: ${JSON.stringify(response.body)}`,
    );
  }
  return value;
}

/** Fails with the status and body when the answer is not the expected one. */
export function expectStatus(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response;
}

/** One ticket type of one session: what a hold points at, and the key of an inventory item. */
export interface Item {
  eventId: string;
  sessionId: string;
  ticketTypeId: string;
  price: string;
  quantity: number;
}

export interface Storefront {
  /** Admin REST (Bearer token): a new event with one session and one ticket type. */
  createItem(options: { quantity: number; price?: string }): Promise<Item>;
  hold(
    item: Item,
    quantity: number,
    email?: string,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  getHold(holdId: string): Promise<ApiResponse>;
  releaseHold(holdId: string): Promise<ApiResponse>;
  checkout(
    holdId: string,
    options?: { key?: string; email?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  confirm(
    orderId: string,
    cardNumber?: string,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  cancel(orderId: string): Promise<ApiResponse>;
  getOrder(orderId: string): Promise<ApiResponse>;
  /** Inventory's REST view of the item's counters. */
  inventoryItem(item: Item): Promise<ApiResponse>;
  /** Hold → checkout → confirm through the public API; fails on any unexpected answer. */
  buy(item: Item, quantity: number): Promise<{ holdId: string; orderId: string }>;
}

export const BUYER_EMAIL = 'buyer@example.com';

export function storefront(
  urls: { web: string; inventory: string },
  adminToken: string,
): Storefront {
  const web = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(urls.web, method, path, options);
  const admin = (path: string, body: unknown) =>
    web('POST', path, { body, headers: { authorization: `Bearer ${adminToken}` } });

  const api: Storefront = {
    async createItem({ quantity, price = '50.00' }) {
      const event = expectStatus(
        await admin('/api/admin/events', {
          name: `E2E event ${randomUUID().slice(0, 8)}`,
          description: 'Created by the end-to-end suite',
          location: 'Test hall',
        }),
        201,
        'create event',
      );
      const eventId = field(event, 'id');
      const startsAt = new Date(Date.now() + 30 * 24 * 3600_000);
      const session = expectStatus(
        await admin(`/api/admin/events/${eventId}/sessions`, {
          starts_at: startsAt.toISOString(),
          ends_at: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
          total_capacity: Math.max(quantity, 1),
        }),
        201,
        'create session',
      );
      const sessionId = field(session, 'id');
      const ticketType = expectStatus(
        await admin(`/api/admin/sessions/${sessionId}/ticket-types`, {
          name: 'General admission',
          price,
          quantity,
        }),
        201,
        'create ticket type',
      );
      return { eventId, sessionId, ticketTypeId: field(ticketType, 'id'), price, quantity };
    },
    hold: (item, quantity, email = BUYER_EMAIL, headers = {}) =>
      web('POST', '/api/holds', {
        headers,
        body: {
          session_id: item.sessionId,
          ticket_type_id: item.ticketTypeId,
          quantity,
          customer_email: email,
        },
      }),
    getHold: (holdId) => web('GET', `/api/holds/${holdId}`),
    releaseHold: (holdId) => web('DELETE', `/api/holds/${holdId}`),
    checkout: (holdId, { key = randomUUID(), email = BUYER_EMAIL, headers = {} } = {}) =>
      web('POST', '/api/checkout', {
        body: { hold_id: holdId, customer_email: email, customer_name: 'E2E Buyer' },
        headers: { ...headers, 'idempotency-key': key },
      }),
    confirm: (orderId, cardNumber, headers = {}) =>
      web('POST', `/api/orders/${orderId}/confirm`, {
        body: cardNumber ? { card_number: cardNumber } : {},
        headers,
      }),
    cancel: (orderId) => web('POST', `/api/orders/${orderId}/cancel`, { body: {} }),
    getOrder: (orderId) => web('GET', `/api/orders/${orderId}`),
    inventoryItem: (item) =>
      request(urls.inventory, 'GET', `/inventory/items/${item.sessionId}/${item.ticketTypeId}`),
    async buy(item, quantity) {
      const hold = expectStatus(await api.hold(item, quantity), 201, 'hold');
      const holdId = field(hold, 'hold_id');
      const order = expectStatus(await api.checkout(holdId), 201, 'checkout');
      const orderId = field(order, 'order_id');
      expectStatus(await api.confirm(orderId), 200, 'confirm');
      return { holdId, orderId };
    },
  };
  return api;
}
