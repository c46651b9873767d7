import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

import type { ContractTree, ProcedureContract } from '../src/contract';
import { inventoryContract } from '../src/inventory/contract';
import { ordersContract } from '../src/orders/contract';
import { publicContract } from '../src/public/contract';
import {
  MAX_ITEM_TOTAL_QUANTITY,
  MAX_SEATS_PER_HOLD,
  MAX_SERVICE_HOLD_QUANTITY,
  MAX_TICKET_TYPE_QUANTITY,
  MAX_UNIT_PRICE,
  unitPrice,
} from '../src/schemas/money';
import { email } from '../src/schemas/scalars';
import {
  CONTROL_MESSAGE,
  safeMultilineText,
  safeText,
  SURROGATE_MESSAGE,
} from '../src/schemas/text';

const controls = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000d',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
];
const loneSurrogates = ['\ud800', '\udfff', 'a\ud83dz', '\ude00x'];

describe('safeText', () => {
  const name = safeText({ max: 50 });

  it('refuses every C0 control, DEL and C1 control, anywhere in the value', () => {
    for (const control of [...controls, '\t', '\n']) {
      for (const value of [`${control}`, `a${control}`, `a${control}b`, `${control}b`]) {
        const result = name.safeParse(value);
        expect(result.success, JSON.stringify(value)).toBe(false);
        expect(result.error?.issues[0]?.message).toBe(CONTROL_MESSAGE);
      }
    }
  });

  it('refuses unpaired surrogates and keeps paired ones', () => {
    for (const value of loneSurrogates) {
      expect(name.safeParse(value).error?.issues[0]?.message).toBe(SURROGATE_MESSAGE);
    }
    expect(name.parse('Zoë 🎫 مسرح 東京')).toBe('Zoë 🎫 مسرح 東京');
  });

  it('trims, then checks the length', () => {
    expect(name.parse('  Hall A  ')).toBe('Hall A');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('x'.repeat(51)).success).toBe(false);
    expect(safeText({ max: 5, min: 0 }).parse('')).toBe('');
  });

  it('multi-line text allows tab and line feed only', () => {
    const description = safeMultilineText({ max: 100 });
    expect(description.parse('Doors 19:00\n\tBar open')).toBe('Doors 19:00\n\tBar open');
    for (const control of controls) {
      expect(description.safeParse(`line${control}line`).success, JSON.stringify(control)).toBe(
        false,
      );
    }
  });

  it('e-mail addresses refuse control characters too', () => {
    expect(email.safeParse('a\u0000@example.com').success).toBe(false);
    expect(email.safeParse('a@example.com\u0000').success).toBe(false);
    expect(email.parse('a@example.com')).toBe('a@example.com');
  });
});

/** Every string schema in an input, wherever it sits (object fields, arrays, optionals, pipes). */
function stringLeaves(schema: z.ZodType, path: string, out: [string, z.ZodType][]) {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const type = def.type as string;
  if (type === 'string') out.push([path, schema]);
  else if (type === 'object') {
    for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      stringLeaves(field, `${path}.${key}`, out);
    }
  } else if (type === 'array') stringLeaves(def.element as z.ZodType, `${path}[]`, out);
  else if (type === 'pipe') stringLeaves(def.in as z.ZodType, path, out);
  else if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(type)) {
    stringLeaves(def.innerType as z.ZodType, path, out);
  }
  return out;
}

function procedures(tree: ContractTree, prefix: string): [string, ProcedureContract][] {
  return Object.entries(tree).flatMap(([name, entry]) =>
    'kind' in entry && typeof entry.kind === 'string'
      ? [[`${prefix}${name}`, entry as ProcedureContract] as [string, ProcedureContract]]
      : procedures(entry as ContractTree, `${prefix}${name}.`),
  );
}

describe('every text field of every contract', () => {
  const all = [
    ...procedures(publicContract, 'public.'),
    ...procedures(ordersContract, 'orders.'),
    ...procedures(inventoryContract, 'inventory.'),
  ];
  const leaves = all.flatMap(([name, procedure]) => stringLeaves(procedure.input, name, []));

  it('finds the text fields (the walk sees through optionals, arrays and pipes)', () => {
    const paths = leaves.map(([path]) => path);
    expect(paths).toContain('orders.create.customer_name');
    expect(paths).toContain('public.orders.checkout.customer_email');
    expect(paths).toContain('public.storefront.upcoming.q');
    expect(paths).toContain('orders.list.session_ids[]');
  });

  it('refuses a control character or a lone surrogate in each of them', () => {
    for (const [path, leaf] of leaves) {
      for (const bad of ['ok\u0000ok', 'ok\u0085', 'ok\ud800']) {
        expect(leaf.safeParse(bad).success, `${path} ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });
});

describe('money and seat limits', () => {
  it('one unit price format with its cap', () => {
    expect(unitPrice.parse(MAX_UNIT_PRICE)).toBe(MAX_UNIT_PRICE);
    for (const ok of ['0', '0.5', '19.99', '99999'])
      expect(unitPrice.safeParse(ok).success).toBe(true);
    for (const bad of ['100000', '100000.00', '-1', '1.999', '1e3', ' 1', '01', '']) {
      expect(unitPrice.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('what a buyer or an admin may ask for, the services accept', () => {
    expect(MAX_SEATS_PER_HOLD).toBeLessThanOrEqual(MAX_SERVICE_HOLD_QUANTITY);
    expect(MAX_TICKET_TYPE_QUANTITY).toBeLessThanOrEqual(MAX_ITEM_TOTAL_QUANTITY);
    expect(ordersContract.create.input.shape.items.element.shape.unit_price).toBe(unitPrice);
  });
});
