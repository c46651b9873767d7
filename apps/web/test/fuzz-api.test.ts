import { createHash } from 'node:crypto';

import { createDatabase, type Database } from '@ticketing/db/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject,it } from 'vitest';
import type { z } from 'zod';

import { appRouter } from '../src/server/router';
import { createEventWithSession } from './support/catalog-fixtures';
import { adminHeaders, startTestWeb, type TestWeb } from './support/web-test-server';

/**
 * Bad input never gives a 5xx and never changes state (docs/architecture.md §5). Every REST
 * operation of the OpenAPI document and every tRPC procedure of the router (public and admin) is
 * sent requests that are wrong by construction: malformed JSON, wrong types, huge, negative and
 * fractional numbers, control characters and lone surrogates in text, oversized bodies, unknown
 * fields, wrong methods and content types. Each answer must be a 4xx with a JSON error body, and
 * the three databases and the Redis cache must be exactly as before.
 */

const SEED = 20261201;
const RUNS_PER_TARGET = 12;
/** Above the front's one body limit (64 KiB). */
const OVERSIZED = 70 * 1024;

let web: TestWeb;
let ids: string[] = [];
const databases: Database[] = [];

beforeAll(async () => {
  web = await startTestWeb();
  await web.reset();
  const { event, session, standard } = await createEventWithSession(web.db);
  ids = [event.id, session.id, standard.id];
  for (const url of [
    web.databaseUrl,
    inject('inventoryDatabaseUrl'),
    inject('ordersDatabaseUrl'),
  ]) {
    databases.push(createDatabase({ url, poolSize: 1, applicationName: 'web-fuzz' }));
  }
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$client.end()));
  await web.close();
});

/** Every row of every table of the three databases, and every Redis key (the catalog cache, jobs) with its value. */
async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const { $client: pool } of databases) {
    const tables = await pool.query<{ name: string }>(
      `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
         from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
          and table_schema not like 'drizzle%'
        order by 1`,
    );
    for (const { name } of tables.rows) {
      const rows = await pool.query<{ digest: string | null }>(
        `select md5(string_agg(t::text, '|' order by t::text)) as digest from ${name} t`,
      );
      hash.update(`${name}:${rows.rows[0]?.digest ?? 'empty'};`);
    }
  }
  // Abuse counters (purchase and sign-in rate limits) count requests of any kind, by design.
  const keys = (await web.redis.keys('*'))
    .filter((key) => !key.startsWith('purchase-rate:') && !key.startsWith('signin:'))
    .sort();
  for (const key of keys) {
    const type = await web.redis.type(key);
    hash.update(`${key}=${type === 'string' ? await web.redis.get(key) : type};`);
  }
  return hash.digest('hex');
}

// ---------------------------------------------------------------- what a field may be sent as

type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';

const controlChar = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000d',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
);
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
const oddUnicode = fc.string({ unit: 'binary', maxLength: 20 });

/** A string no text field accepts: a control character or a lone surrogate somewhere in it. */
const poisonedText = fc
  .tuple(oddUnicode, fc.oneof(controlChar, loneSurrogate), oddUnicode)
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/** A value of the wrong type or out of every range, for a field of this kind. */
/** In a query string every value is text, so only text no field takes poisons a text field there. */
function poisonFor(kind: Kind, inQuery = false): fc.Arbitrary<unknown> {
  const wrongType = fc.oneof(
    fc.constant({}),
    fc.constant([]),
    fc.constant(true),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  );
  switch (kind) {
    case 'string':
      if (inQuery) return poisonedText;
      return fc.oneof(poisonedText, wrongType, fc.string({ minLength: 6000, maxLength: 6001 }));
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.constantFrom(1e308, -1e12, 2 ** 53 + 1, -1e308),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }).map((f) => 3 + f),
        fc.constant([1]),
        fc.constant({ value: 1 }),
        fc.constant(true),
        poisonedText,
      );
    case 'boolean':
      return fc.oneof(poisonedText, fc.constant(2), fc.constant({}));
    case 'array':
      return fc.oneof(
        fc.array(poisonedText, { minLength: 1, maxLength: 3 }),
        poisonedText,
        fc.constant({ 0: 'x' }),
      );
    case 'object':
      return fc.oneof(poisonedText, fc.constant([]), fc.constant(7));
    case 'any':
      return poisonedText;
  }
}

/** A plausible value (a real id, a short word, a small number); the poison makes the request wrong. */
function plausibleFor(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      return fc.oneof(fc.constantFrom(...ids), fc.constantFrom('x', 'a@example.com', '10.00'));
    case 'integer':
    case 'number':
      return fc.integer({ min: 1, max: 5 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.constant([ids[1]]);
    default:
      return fc.constant(undefined);
  }
}

/**
 * An object input with at least one poisoned field, other known fields plausible or absent, and
 * perhaps an unknown field.
 */
function poisonedObject(
  fields: Record<string, Kind>,
  inQuery = false,
): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(fields);
  const entries = names.map((name) => {
    const kind = fields[name] ?? 'any';
    return fc.record({
      name: fc.constant(name),
      value: fc.oneof(plausibleFor(kind), fc.constant(undefined)),
      poison: poisonFor(kind, inQuery),
    });
  });
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.integer({ min: 0, max: Math.max(0, names.length - 1) }),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.anything()), {
        nil: undefined,
      }),
    )
    .map(([values, poisoned, unknown]) => {
      const input: Record<string, unknown> = {};
      values.forEach((entry, index) => {
        const value = index === poisoned ? entry.poison : entry.value;
        if (value !== undefined) input[entry.name] = value;
      });
      if (unknown && !(unknown[0] in fields)) input[unknown[0]] = unknown[1];
      return input;
    });
}

/** A whole body that cannot be the input: not JSON, the wrong JSON type, or too long. */
const wrongBody = fc.oneof(
  fc.constantFrom(
    '{"name":',
    '{',
    'nul\u0000l',
    '[1,2',
    '{"a":1}}',
    "{'a':1}",
    '\u0000',
    'undefined',
  ),
  fc.constantFrom('"\u0000"', '12', '-1e309', 'true', '[[[]]]'),
  fc.constant(`{"name":"${'x'.repeat(OVERSIZED)}"}`),
);

// ---------------------------------------------------------------- what is answered

interface Answer {
  status: number;
  text: string;
}

async function send(
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(`${web.baseUrl}${path}`, { method, headers, body });
  return { status: response.status, text: await response.text() };
}

/** `{error, message}` (REST) or tRPC's `{error: {error, message}}`, one call or a batch. */
function isErrorBody(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (typeof first !== 'object' || first === null) return false;
  const outer = first as { error?: unknown; message?: unknown };
  const inner =
    typeof outer.error === 'object' && outer.error !== null
      ? (outer.error as { error?: unknown; message?: unknown })
      : outer;
  return typeof inner.error === 'string' && typeof inner.message === 'string';
}

function expectRefused(answer: Answer, what: string) {
  const problem = `${what} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status >= 400 && answer.status < 500, problem).toBe(true);
  expect(isErrorBody(answer.text), problem).toBe(true);
}

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  undefined,
);

const auth = (admin: boolean) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(admin ? adminHeaders : {}) },
    { weight: 1, arbitrary: fc.constant({ authorization: 'Bearer wrong-token-0000' }) },
  );

/** Every UTF-8 byte percent-encoded; a lone surrogate goes as U+FFFD (a URL cannot carry one). */
const percentEncoded = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const runs = (count = RUNS_PER_TARGET) => ({ seed: SEED, numRuns: count, endOnFailure: true });

// ---------------------------------------------------------------- REST, from the OpenAPI document

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  $ref?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

function kindOfJson(schema: JsonSchema | undefined, components: Record<string, JsonSchema>): Kind {
  if (!schema) return 'any';
  if (schema.$ref) return kindOfJson(components[schema.$ref.split('/').pop() ?? ''], components);
  const union = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (union) {
    const kinds = union.map((part) => kindOfJson(part, components)).filter((k) => k !== 'any');
    return kinds[0] ?? 'any';
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return (
    (['string', 'integer', 'number', 'boolean', 'array', 'object'] as const).find(
      (kind) => kind === type,
    ) ?? 'any'
  );
}

function propertiesOf(
  schema: JsonSchema | undefined,
  components: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
  if (!schema) return {};
  if (schema.$ref) return propertiesOf(components[schema.$ref.split('/').pop() ?? ''], components);
  return {
    ...schema.properties,
    ...Object.assign({}, ...(schema.allOf ?? []).map((part) => propertiesOf(part, components))),
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('fuzzing every REST operation of /api/openapi.json', () => {
  let operations: Operation[] = [];
  let components: Record<string, JsonSchema> = {};
  let before = '';

  beforeAll(async () => {
    const document = (await (await fetch(`${web.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    components = document.components?.schemas ?? {};
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod)
        .filter(([method]) => METHODS.includes(method.toUpperCase()))
        .map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
    );
    before = await fingerprint();
  });

  it('finds the public and admin operations of §5', () => {
    const names = operations.map((operation) => `${operation.method} ${operation.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /holds',
        'POST /checkout',
        'POST /admin/events',
        'PATCH /admin/ticket-types/{id}',
        'GET /admin/orders',
      ]),
    );
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('answers every malformed request with a 4xx JSON error and changes nothing', async () => {
    for (const operation of operations) {
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      const bodyFields = Object.fromEntries(
        Object.entries(propertiesOf(bodySchema, components)).map(([name, schema]) => [
          name,
          kindOfJson(schema, components),
        ]),
      );
      const queryFields = Object.fromEntries(
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => [parameter.name, kindOfJson(parameter.schema, components)]),
      );
      const pathParams = (operation.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
      const fields = hasBody ? bodyFields : queryFields;
      const poisonable = Object.keys(fields).length > 0;
      // Only with a poisoned field may a path id be a real one (a DELETE of a real id would succeed).
      const pathId = poisonable
        ? fc.oneof(fc.constantFrom(...ids), poisonedText, fc.uuid())
        : fc.oneof(poisonedText, fc.uuid(), fc.string({ unit: 'binary', maxLength: 40 }));
      const admin = operation.path.startsWith('/admin');
      // A method no operation of this path has, so nothing it reaches can succeed.
      const taken = new Set(
        operations.filter((other) => other.path === operation.path).map((other) => other.method),
      );
      const otherMethods = METHODS.filter((method) => !taken.has(method));

      const request = fc.record({
        pathValues: fc.tuple(...pathParams.map(() => pathId)),
        input: poisonable
          ? fc.oneof(
              {
                weight: 5,
                arbitrary: poisonedObject(fields, !hasBody).map((value) => ({ value, raw: false })),
              },
              { weight: 2, arbitrary: wrongBody.map((value) => ({ value, raw: true })) },
            )
          : wrongBody.map((value) => ({ value, raw: true })),
        contentType,
        headers: auth(admin),
        wrongMethod:
          otherMethods.length > 0
            ? fc.option(fc.constantFrom(...otherMethods), { freq: 5, nil: undefined })
            : fc.constant(undefined),
        idempotencyKey: fc.option(fc.constantFrom('k-1', '\u0000', 'x'.repeat(300)), {
          nil: undefined,
        }),
      });

      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let path = `/api${operation.path}`;
          pathParams.forEach((name, index) => {
            path = path.replace(`{${name}}`, percentEncoded(String(r.pathValues[index])));
          });
          const method = r.wrongMethod ?? operation.method;
          const headers: Record<string, string> = { ...r.headers };
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.idempotencyKey && !r.idempotencyKey.includes('\u0000'))
            headers['idempotency-key'] = r.idempotencyKey;
          let body: string | undefined;
          if (hasBody || r.input.raw) {
            body = r.input.raw ? String(r.input.value) : JSON.stringify(r.input.value);
          }
          if (!hasBody && !r.input.raw) {
            const query = new URLSearchParams();
            for (const [name, value] of Object.entries(r.input.value as Record<string, unknown>)) {
              query.set(name, typeof value === 'string' ? value : JSON.stringify(value));
            }
            path = `${path}?${query.toString()}`;
            body = undefined;
          }
          if (method === 'GET' || method === 'HEAD') body = undefined;
          // A GET with a raw body has nothing left to poison but the path: keep the id wrong.
          if (body === undefined && r.input.raw && poisonable && !path.includes('?')) {
            path = `${path}?${new URLSearchParams({ [Object.keys(fields)[0] ?? 'x']: '\u0000' })}`;
          }
          const answer = await send(method, path, body, headers);
          expectRefused(answer, `${method} ${path} ${body?.slice(0, 200) ?? ''}`);
        }),
        runs(),
      );
    }
    expect(await fingerprint()).toBe(before);
  });
});

// ---------------------------------------------------------------- tRPC, from the router

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: z.ZodType[];
}

function zodKind(schema: z.ZodType): Kind {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const type = def.type as string;
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(type)) {
    return zodKind(def.innerType as z.ZodType);
  }
  if (type === 'pipe') return zodKind(def.in as z.ZodType);
  if (type === 'string' || type === 'enum' || type === 'literal') return 'string';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return 'array';
  if (type === 'object') return 'object';
  return 'any';
}

function zodFields(schema: z.ZodType | undefined): Record<string, Kind> | undefined {
  if (!schema) return undefined;
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const type = def.type as string;
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(type)) {
    return zodFields(def.innerType as z.ZodType);
  }
  if (type === 'pipe') return zodFields(def.in as z.ZodType);
  if (type !== 'object') return undefined;
  return Object.fromEntries(
    Object.entries(def.shape as Record<string, z.ZodType>).map(([name, field]) => [
      name,
      zodKind(field),
    ]),
  );
}

describe('fuzzing every tRPC procedure of the router', () => {
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>,
  ).map(([path, procedure]) => ({ path, ...procedure._def }));

  it('finds the public and admin procedures', () => {
    const paths = procedures.map((procedure) => procedure.path);
    expect(paths).toEqual(
      expect.arrayContaining(['holds.create', 'orders.checkout', 'storefront.upcoming']),
    );
    expect(paths.some((path) => path.startsWith('admin.'))).toBe(true);
  });

  it('answers every malformed call with a 4xx JSON error and changes nothing', async () => {
    const before = await fingerprint();
    for (const procedure of procedures) {
      const fields = zodFields(procedure.inputs[0]);
      const admin = procedure.path.startsWith('admin.');
      // Without an input there is nothing wrong to send but the wrong method or content type.
      const hasInput = procedure.inputs.length > 0;
      const input =
        fields && Object.keys(fields).length > 0
          ? fc.oneof(
              {
                weight: 5,
                arbitrary: poisonedObject(fields).map((value) => ({ value, raw: false })),
              },
              { weight: 2, arbitrary: wrongBody.map((value) => ({ value, raw: true })) },
            )
          : wrongBody.map((value) => ({ value, raw: true }));
      const request = fc.record({
        input,
        contentType,
        headers: auth(admin),
        wrongMethod: fc.boolean(),
        batch: fc.option(fc.integer({ min: 2, max: 30 }), { freq: 4, nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const asQuery = procedure.type === 'query' ? !r.wrongMethod : r.wrongMethod;
          const sent = r.input.raw ? String(r.input.value) : JSON.stringify(r.input.value);
          // Node itself answers a URL past its 16 KiB header limit (a bare 431): bodies only.
          const text = asQuery && sent.length > 8_192 ? '{"x":' : sent;
          const count = r.batch ?? 1;
          const route = r.batch ? Array(count).fill(procedure.path).join(',') : procedure.path;
          const batchInput = () =>
            r.input.raw
              ? text
              : JSON.stringify(
                  Object.fromEntries(Array.from({ length: count }, (_, i) => [i, r.input.value])),
                );
          const headers: Record<string, string> = { ...r.headers };
          let answer: Answer;
          if (asQuery) {
            let query = new URLSearchParams({ input: r.batch ? batchInput() : text });
            if (query.toString().length > 8_192) query = new URLSearchParams({ input: '{"x":' });
            if (r.batch) query.set('batch', '1');
            answer = await send('GET', `/api/trpc/${route}?${query}`, undefined, headers);
          } else {
            if (r.contentType) headers['content-type'] = r.contentType;
            const path = `/api/trpc/${route}${r.batch ? '?batch=1' : ''}`;
            answer = await send('POST', path, r.batch ? batchInput() : text, headers);
          }
          const what = `${asQuery ? 'GET' : 'POST'} ${procedure.path} ${text.slice(0, 200)}`;
          if (!hasInput && !r.wrongMethod && count <= 10) {
            // An input-less procedure may ignore what it was sent, and answer (or say a service it
            // needs is unavailable, 503); it must never fail.
            expect(answer.status, `${what} → ${answer.text.slice(0, 300)}`).not.toBe(500);
          } else {
            expectRefused(answer, what);
          }
        }),
        runs(),
      );
    }
    expect(await fingerprint()).toBe(before);
  });
});
