import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { call, startTestWeb, type TestWeb } from './support/web-test-server';

let web: TestWeb;
let document: OpenAPIV3_1.Document;

beforeAll(async () => {
  web = await startTestWeb();
  const { status, body } = await call(web.baseUrl, 'GET', '/api/openapi.json');
  expect(status).toBe(200);
  document = body as OpenAPIV3_1.Document;
});
afterAll(() => web.close());

/** Every public route of docs/architecture.md §5: catalog, purchase and admin. */
const contractRoutes = [
  ['get', '/events'],
  ['get', '/events/{id}'],
  ['get', '/events/{id}/sessions'],
  ['post', '/holds'],
  ['get', '/holds/{id}'],
  ['delete', '/holds/{id}'],
  ['post', '/checkout'],
  ['post', '/orders/{id}/confirm'],
  ['post', '/orders/{id}/cancel'],
  ['get', '/orders/{id}'],
  ['get', '/holds/{id}/summary'],
  ['get', '/orders/{id}/summary'],
  ['post', '/orders/find'],
  ['post', '/admin/events'],
  ['patch', '/admin/events/{id}'],
  ['delete', '/admin/events/{id}'],
  ['post', '/admin/events/{id}/sessions'],
  ['patch', '/admin/sessions/{id}'],
  ['delete', '/admin/sessions/{id}'],
  ['post', '/admin/sessions/{id}/ticket-types'],
  ['patch', '/admin/ticket-types/{id}'],
  ['delete', '/admin/ticket-types/{id}'],
  ['get', '/admin/orders'],
  ['post', '/admin/orders/{id}/refund'],
] as const;

type Operation = OpenAPIV3_1.OperationObject;
const operation = (method: string, path: string) =>
  (document.paths?.[path] as Record<string, Operation> | undefined)?.[method];

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    // validate() dereferences in place, so it gets a copy.
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('serves the API under /api', () => {
    expect(document.servers).toEqual([{ url: '/api' }]);
  });

  it('lists every catalog, purchase and admin path of the contract, and nothing else', () => {
    for (const [method, path] of contractRoutes) {
      expect(operation(method, path), `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    const listed = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual(contractRoutes.map(([m, p]) => `${m} ${p}`).sort());
  });

  it('documents the success status of creates and deletes', () => {
    expect(Object.keys(operation('post', '/admin/events')?.responses ?? {})).toContain('201');
    expect(Object.keys(operation('delete', '/admin/events/{id}')?.responses ?? {})).toContain(
      '204',
    );
    expect(Object.keys(operation('get', '/events')?.responses ?? {})).toContain('200');
  });

  it('documents the purchase statuses: 201 holds and checkouts, their error codes, the Idempotency-Key header', () => {
    const statuses = (method: string, path: string) =>
      Object.keys(operation(method, path)?.responses ?? {}).sort();
    expect(statuses('post', '/holds')).toEqual(['201', '400', '404', '409', '503']);
    expect(statuses('post', '/checkout')).toEqual(
      ['201', '400', '404', '409', '410', '422', '503'].sort(),
    );
    expect(statuses('delete', '/holds/{id}')).toEqual(['200', '404', '409']);
    expect(statuses('post', '/orders/{id}/confirm')).toEqual([
      '200',
      '402',
      '404',
      '409',
      '410',
      '503',
    ]);
    const header = operation('post', '/checkout')?.parameters?.find(
      (parameter) => 'name' in parameter && parameter.name === 'idempotency-key',
    );
    expect(header).toMatchObject({ in: 'header', required: true });
    const placed = document.components?.schemas?.PlacedHold as OpenAPIV3_1.SchemaObject;
    expect(Object.keys(placed.properties ?? {}).sort()).toEqual([
      'expires_at',
      'hold_id',
      'quantity',
      'status',
    ]);
  });

  it('marks admin routes as needing the bearer token and public ones as open', () => {
    expect(operation('post', '/admin/events')?.security).toEqual([{ adminToken: [] }]);
    expect(operation('get', '/events')?.security).toBeUndefined();
  });

  it('describes errors with the contract body', () => {
    const notFound = operation('get', '/events/{id}')?.responses?.['404'] as
      OpenAPIV3_1.ResponseObject | undefined;
    expect(notFound?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(document.components?.schemas?.Error).toMatchObject({
      required: expect.arrayContaining(['error', 'message']),
    });
  });

  it('names the price as a decimal string and the list fields in snake_case', () => {
    const offer = document.components?.schemas?.TicketTypeOffer as OpenAPIV3_1.SchemaObject;
    expect(offer.properties?.price).toMatchObject({ type: 'string' });
    const listResponse = operation('get', '/events')?.responses?.[
      '200'
    ] as OpenAPIV3_1.ResponseObject;
    const schema = listResponse.content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject;
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['next_cursor', 'results']);
  });
});
