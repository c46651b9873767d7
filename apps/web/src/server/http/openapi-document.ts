import type { Meta } from '@ticketing/trpc/server/procedure-helpers';
import type { AnyRouter } from '@trpc/server';
import { generateOpenApiDocument, type OpenAPIObject, type OpenApiRouter } from 'trpc-to-openapi';
import { z } from 'zod';

/** The body of every error response (§5). */
const errorSchema = z
  .object({
    error: z.string().meta({ example: 'not_found' }),
    message: z.string(),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .describe('Invalid input fields and what is wrong with each (validation_error)'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Error' });

type Operation = { responses?: Record<string, unknown> };

/**
 * The OpenAPI 3 document of the router's REST routes, generated from the same zod schemas by
 * trpc-to-openapi, then corrected where that library is generic: the success status of creates
 * (201) and deletes (204, no body), and the contract's error body instead of tRPC's.
 */
export function createOpenApiDocument(router: AnyRouter): OpenAPIObject {
  const document = generateOpenApiDocument(router as OpenApiRouter, {
    title: 'Ticketing API',
    description:
      'Public catalog, purchase (holds, checkout, orders) and admin API of the ticketing platform. ' +
      'Money is a decimal string ("50.00"). Admin routes need `Authorization: Bearer <ADMIN_API_TOKEN>`. ' +
      'Every answer carries `x-request-id` (the one sent, or a new one).',
    version: '1.0.0',
    baseUrl: '/api',
    tags: ['catalog', 'purchase', 'admin'],
    securitySchemes: {
      adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' },
    },
    defs: { Error: errorSchema },
  });

  for (const procedure of Object.values(router._def.procedures)) {
    const meta = (procedure as { _def?: { meta?: Meta } })._def?.meta;
    if (!meta?.openapi) continue;
    const paths = document.paths as Record<string, Record<string, Operation> | undefined>;
    const operation = paths[meta.openapi.path]?.[meta.openapi.method.toLowerCase()];
    if (!operation?.responses) continue;
    const { 200: success, ...others } = operation.responses;
    const errors = Object.fromEntries(
      Object.keys(others).map((status) => [
        status,
        {
          description: describeStatus(Number(status)),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]),
    );
    const status = meta.successStatus ?? 200;
    operation.responses = {
      [status]: status === 204 ? { description: 'No content' } : success,
      ...errors,
    };
  }
  return document;
}

function describeStatus(status: number): string {
  const descriptions: Record<number, string> = {
    400: 'Invalid input (`validation_error`, with `fields`)',
    401: 'Missing or wrong credentials (`unauthorized`)',
    402: 'The payment was declined (`payment_declined`)',
    404: 'Unknown or malformed id (`not_found`)',
    409: 'Conflict with the current state (e.g. `insufficient_inventory` with `available`, `hold_not_active`, `order_not_pending`, `capacity_exceeded`)',
    410: 'Too late (`hold_expired`, `payment_deadline_passed`)',
    422: 'The Idempotency-Key was used with another body (`idempotency_key_reused`)',
    500: 'Internal error',
    503: 'A service the request needs is unavailable (`inventory_unavailable`, `orders_unavailable`); retry shortly',
  };
  return descriptions[status] ?? 'Error';
}
