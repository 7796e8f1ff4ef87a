/**
 * The `pii` preset against every vendored Auth0 log schema: a log is built from each schema with a
 * distinct value in every property, redacted with the real redactor, and every property whose name
 * looks personal must come out redacted unless it was reviewed and left out (script/log-types/pii.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PII_FIELDS } from '../../src/logs/pii-fields.js';
import { createRedactor, parseRedaction, MASK } from '../../src/logs/redact.js';
import { looksPersonal, NOT_PII } from '../../script/log-types/pii.js';

const SCHEMA_DIR = path.resolve(
  import.meta.dirname,
  '../../third_party/auth0-log-schemas/schemas/log-types',
);

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

interface Property {
  /** Keys from the root; arrays are left out, as redaction sees them. */
  keys: string[];
  /** The distinct value the sample log holds there, when it is a leaf. */
  marker?: string;
}

/** Every property a schema allows, merged over its allOf/anyOf/oneOf branches. */
function propertiesOf(node: SchemaNode): { properties: Map<string, SchemaNode[]>; array: boolean } {
  const properties = new Map<string, SchemaNode[]>();
  let array = false;
  const gather = (n: SchemaNode): void => {
    for (const branch of [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])])
      gather(branch);
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      properties.set(key, [...(properties.get(key) ?? []), child]);
    }
    if (n.items !== undefined) {
      array = true;
      for (const item of [n.items].flat()) gather(item);
    }
  };
  gather(node);
  return { properties, array };
}

/** A log with every property of the schema, a distinct string in each leaf. */
function sampleLog(
  schema: SchemaNode,
  code: string,
): { log: Record<string, unknown>; found: Property[] } {
  const found: Property[] = [];
  const build = (nodes: SchemaNode[], keys: string[]): unknown => {
    const merged = propertiesOf({ allOf: nodes });
    if (merged.properties.size === 0) {
      const marker = `«${code}:${keys.join('.')}»`;
      found.push({ keys, marker });
      return merged.array ? [marker] : marker;
    }
    found.push({ keys });
    const object: Record<string, unknown> = {};
    for (const [key, children] of merged.properties) object[key] = build(children, [...keys, key]);
    return merged.array ? [object] : object;
  };
  const log = build([schema], []) as Record<string, unknown>;
  found.shift();
  return { log, found };
}

/** The value at `keys`, taking the first element of each array on the way. */
function at(value: unknown, keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    while (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return current;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function matches(field: string, keys: string[]): boolean {
  return field.includes('.') ? field === keys.join('.') : keys[keys.length - 1] === field;
}

const schemas = readdirSync(SCHEMA_DIR)
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => ({
    code: file.replace('.schema.json', ''),
    schema: JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as SchemaNode,
  }));

const preset = parseRedaction(
  { fields: 'pii', method: 'mask', key: '' },
  { fields: 'redact-fields', method: 'redact-method', key: 'redact-key' },
)!;

describe('the pii preset', () => {
  it('holds the six fields of Log Streams, user_name, the IPs, user agents and location', () => {
    expect(PII_FIELDS).toEqual(
      expect.arrayContaining([
        'first_name',
        'last_name',
        'username',
        'email',
        'phone',
        'address',
        'user_name',
        'ip',
        'client_ip',
        'user_agent',
        'location_info.city_name',
        'location_info.latitude',
        'location_info.longitude',
      ]),
    );
  });

  it('reads all 166 schemas', () => {
    expect(schemas).toHaveLength(166);
  });

  it.each(schemas)(
    'redacts every personal-looking property of $code, and nothing else',
    ({ code, schema }) => {
      const { log, found } = sampleLog(schema, code);
      const out = createRedactor(preset).redact(log);
      const text = JSON.stringify(out);
      for (const property of found) {
        const key = property.keys[property.keys.length - 1]!;
        const inPreset = PII_FIELDS.some((field) => matches(field, property.keys));
        const cleared = NOT_PII.some(({ field }) => matches(field, property.keys));
        const shown = property.keys.join('.');
        if (looksPersonal(key)) {
          expect(inPreset || cleared, `${code} ${shown}: classified nowhere`).toBe(true);
        }
        if (inPreset) {
          const value = at(out, property.keys);
          expect(value, `${code} ${shown}`).toBe(MASK);
        }
        const underPreset = property.keys.some((_, end) =>
          PII_FIELDS.some((field) => matches(field, property.keys.slice(0, end + 1))),
        );
        if (property.marker !== undefined) {
          expect(text.includes(property.marker), `${code} ${shown}`).toBe(!underPreset);
        }
      }
    },
  );

  it('redacts the city and coordinates of location_info, which no schema has, and keeps the country', () => {
    const log = {
      log_id: '1',
      date: '2026-11-30T10:00:00.000Z',
      type: 's',
      location_info: {
        country_code: 'NZ',
        country_code3: 'NZL',
        country_name: 'New Zealand',
        city_name: 'Wellington',
        latitude: -41.28,
        longitude: 174.77,
        time_zone: 'Pacific/Auckland',
        continent_code: 'OC',
      },
    };
    expect(createRedactor(preset).redact(log).location_info).toEqual({
      ...log.location_info,
      city_name: MASK,
      latitude: MASK,
      longitude: MASK,
    });
  });
});
