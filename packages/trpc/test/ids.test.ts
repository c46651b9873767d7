import { describe, expect, it } from 'vitest';

import { createContractClient } from '../src/contract';
import { requireIdempotencyKey } from '../src/schemas/idempotency-key';
import { isUuid } from '../src/schemas/ids';
import {
  caller,
  contract,
  ID,
  request,
  serviceUrl,
  useThingsServer,
} from './support/things-service';

useThingsServer();

describe('ids', () => {
  it('has one UUID pattern, any case', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(ID.toUpperCase())).toBe(true);
    expect(isUuid(`${ID}0`)).toBe(false);
    expect(isUuid('123e4567-e89b-12d3-a456-42661417400z')).toBe(false);
  });

  it('lower-cases a path id and a UUID param', async () => {
    expect(await caller.getThing({ id: ID.toUpperCase() })).toMatchObject({ id: ID });
    expect(
      await caller.createThing({ owner_id: ID.toUpperCase(), idempotency_key: 'k-1' }),
    ).toEqual({ owner_id: ID, key: 'k-1' });
  });

  it('answers a malformed path id with the 404 of an unknown one, over REST, tRPC and in-process', async () => {
    for (const id of ['nope', '123e4567-e89b-12d3-a456-42661417400z', "1'%20or%20'1'='1"]) {
      const { status, body } = await request('GET', `/things/${id}`);
      expect(status, id).toBe(404);
      expect(body.error, id).toBe('not_found');
    }
    expect(await request('GET', '/things/nope')).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'thing nope not found' },
    });
    const client = createContractClient(contract, { url: serviceUrl() });
    await expect(client.getThing({ id: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'thing nope not found',
    });
    await expect(caller.getThing({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 400 naming only the other fields when a malformed id comes with other faults', async () => {
    const { status, body } = await request('POST', '/things/nope/resize', { size: -1 });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_error', fields: { size: expect.any(String) } });
    expect(Object.keys(body.fields as object)).toEqual(['size']);
  });

  it('answers 400 for a path id longer than any id', async () => {
    const { status, body } = await request('GET', `/things/${'a'.repeat(101)}`);
    expect(status).toBe(400);
    expect(body.fields).toHaveProperty('id');
  });

  it('answers 400 for a malformed UUID param', async () => {
    const { status, body } = await request(
      'POST',
      '/things',
      { owner_id: 'abc' },
      { 'idempotency-key': 'k' },
    );
    expect(status).toBe(400);
    expect(body.fields).toHaveProperty('owner_id');
  });
});

describe('requireIdempotencyKey', () => {
  it('takes the input, else the header', async () => {
    expect(requireIdempotencyKey('a', 'b')).toBe('a');
    expect(requireIdempotencyKey(undefined, 'b')).toBe('b');
    expect(
      await request('POST', '/things', { owner_id: ID }, { 'idempotency-key': 'from-header' }),
    ).toEqual({ status: 200, body: { owner_id: ID, key: 'from-header' } });
  });

  it('answers 400 naming the header when it is missing or malformed', async () => {
    expect(await request('POST', '/things', { owner_id: ID })).toEqual({
      status: 400,
      body: {
        error: 'validation_error',
        message: 'Invalid input: Idempotency-Key: required',
        fields: { 'Idempotency-Key': 'required' },
      },
    });
    const spaced = await request('POST', '/things', { owner_id: ID, idempotency_key: 'a b' });
    expect(spaced).toMatchObject({
      status: 400,
      body: { fields: { 'Idempotency-Key': 'must be printable ASCII without spaces' } },
    });
  });
});
