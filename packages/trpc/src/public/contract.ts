import type { Contract, RestRoute } from '../contract';
import {
  cancelOrderOutput,
  confirmOrderInput,
  confirmOrderOutput,
  orderIdInput,
} from '../orders/contract';
import { idempotencyKeyHeaders } from '../schemas/idempotency-key';
import {
  eventIdInput,
  eventPageSchema,
  eventSchema,
  pageInput,
  sessionListSchema,
} from './catalog';
import {
  createHoldInput,
  holdIdInput,
  holdSchema,
  holdSummarySchema,
  placedHoldSchema,
  releasedHoldSchema,
} from './holds';
import {
  checkoutInput,
  checkoutSchema,
  findOrderInput,
  foundOrderSchema,
  orderSchema,
  orderSummarySchema,
} from './orders';
import { upcomingInput, upcomingPageSchema } from './storefront';

/**
 * The public API of the web (docs/architecture.md §5): every procedure the storefront and other
 * programs call, by area as the web's router nests them (`events.list`), each with its REST route
 * under `/api`. The web implements it (apps/web/src/server/routers); programs call it with
 * `createPublicClient` (./client.ts). The admin API is not part of it.
 */

/** A public route: no credentials (trpc-to-openapi marks routes protected by default). */
const open = (
  method: RestRoute['method'],
  path: RestRoute['path'],
  docs: Omit<RestRoute, 'method' | 'path'>,
): RestRoute => ({ method, path, ...docs, protect: false });

const catalog = ['catalog'];
const purchase = ['purchase'];

export const eventsContract = {
  list: {
    kind: 'query',
    input: pageInput,
    output: eventPageSchema,
    rest: open('GET', '/events', {
      tags: catalog,
      summary: 'List events, oldest first, with cursor pagination',
      errorResponses: [400],
    }),
  },
  byId: {
    kind: 'query',
    input: eventIdInput,
    output: eventSchema,
    rest: open('GET', '/events/{id}', {
      tags: catalog,
      summary: 'One event',
      errorResponses: [404],
    }),
  },
} as const satisfies Contract;

export const sessionsContract = {
  listByEvent: {
    kind: 'query',
    input: eventIdInput,
    output: sessionListSchema,
    rest: open('GET', '/events/{id}/sessions', {
      tags: catalog,
      summary: "An event's sessions with their ticket types and live availability",
      errorResponses: [404],
    }),
  },
} as const satisfies Contract;

export const holdsContract = {
  create: {
    kind: 'mutation',
    input: createHoldInput,
    output: placedHoldSchema,
    rest: open('POST', '/holds', {
      tags: purchase,
      summary: 'Hold seats of a ticket type for HOLD_TTL_SECONDS',
      description:
        '409 `insufficient_inventory` carries `available`; 503 `inventory_unavailable` when the ' +
        'seats cannot be reserved right now.',
      errorResponses: [400, 404, 409, 503],
      successStatus: 201,
    }),
  },
  get: {
    kind: 'query',
    input: holdIdInput,
    output: holdSchema,
    rest: open('GET', '/holds/{id}', {
      tags: purchase,
      summary: 'One hold',
      errorResponses: [404],
    }),
  },
  release: {
    kind: 'mutation',
    input: holdIdInput,
    output: releasedHoldSchema,
    rest: open('DELETE', '/holds/{id}', {
      tags: purchase,
      summary: 'Give an active hold up; its seats return',
      errorResponses: [404, 409],
    }),
  },
  summary: {
    kind: 'query',
    input: holdIdInput,
    output: holdSummarySchema,
    rest: open('GET', '/holds/{id}/summary', {
      tags: purchase,
      summary: 'One hold with its event, session, ticket type, unit price and total',
      errorResponses: [404],
    }),
  },
} as const satisfies Contract;

export const publicOrdersContract = {
  checkout: {
    kind: 'mutation',
    input: checkoutInput,
    output: checkoutSchema,
    rest: open('POST', '/checkout', {
      tags: purchase,
      summary: 'Turn an active hold into a pending order',
      description:
        'Header `Idempotency-Key` required: a replay with the same key and body answers the same ' +
        'order; the same key with another body is refused (422). On 503 `orders_unavailable`, ' +
        'retry with the same key.',
      requestHeaders: idempotencyKeyHeaders,
      errorResponses: [400, 404, 409, 410, 422, 503],
      successStatus: 201,
    }),
  },
  confirm: {
    kind: 'mutation',
    input: confirmOrderInput,
    output: confirmOrderOutput,
    rest: open('POST', '/orders/{id}/confirm', {
      tags: purchase,
      summary: 'Pay a pending order (stub: card 4000000000000002 declines)',
      errorResponses: [402, 404, 409, 410, 503],
    }),
  },
  cancel: {
    kind: 'mutation',
    input: orderIdInput,
    output: cancelOrderOutput,
    rest: open('POST', '/orders/{id}/cancel', {
      tags: purchase,
      summary: 'Cancel a pending order; its seats return',
      errorResponses: [404, 409, 503],
    }),
  },
  get: {
    kind: 'query',
    input: orderIdInput,
    output: orderSchema,
    rest: open('GET', '/orders/{id}', {
      tags: purchase,
      summary: 'One order',
      errorResponses: [404, 503],
    }),
  },
  summary: {
    kind: 'query',
    input: orderIdInput,
    output: orderSummarySchema,
    rest: open('GET', '/orders/{id}/summary', {
      tags: purchase,
      summary:
        'One order with its lines named from the catalog, and its signed tickets once confirmed',
      errorResponses: [404, 503],
    }),
  },
  find: {
    kind: 'mutation',
    input: findOrderInput,
    output: foundOrderSchema,
    rest: open('POST', '/orders/find', {
      tags: purchase,
      summary: 'Find an order by its number and the e-mail it was bought with',
      description:
        'An unknown order and a wrong e-mail answer the same 404 `not_found` "No such order".',
      errorResponses: [400, 404, 503],
    }),
  },
} as const satisfies Contract;

/** Reads shaped for the storefront's pages; tRPC only, so the REST contract stays as it is. */
export const storefrontContract = {
  /** Event cards of the home page: next date, "from" price and live availability. */
  upcoming: { kind: 'query', input: upcomingInput, output: upcomingPageSchema },
} as const satisfies Contract;

export const publicContract = {
  events: eventsContract,
  sessions: sessionsContract,
  holds: holdsContract,
  orders: publicOrdersContract,
  storefront: storefrontContract,
} as const satisfies Record<string, Contract>;

export type PublicContract = typeof publicContract;
