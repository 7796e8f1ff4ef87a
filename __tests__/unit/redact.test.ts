import { describe, expect, it } from 'vitest';
import {
  HASH_PREFIX,
  MASK,
  createRedactor,
  hmacSha256Hex,
  parseRedaction,
  RedactionInputError,
  type Redaction,
  type RedactMethod,
} from '../../src/logs/redact.js';
import { PII_FIELDS } from '../../src/logs/pii-fields.js';

const NAMES = { fields: 'redact-fields', method: 'redact-method', key: 'redact-key' };
const KEY = 'a-test-key-of-32-characters-long';
const TOKEN = /^hmac-sha256:[0-9a-f]{64}$/;

function redaction(fields: string, method: RedactMethod | '' = 'mask', key = KEY): Redaction {
  const parsed = parseRedaction({ fields, method, key }, NAMES);
  if (parsed === undefined) throw new Error('no redaction');
  return parsed;
}

function redact(fields: string, log: Record<string, unknown>, method: RedactMethod = 'mask') {
  return createRedactor(redaction(fields, method)).redact(log);
}

function token(value: string, key = KEY): string {
  return HASH_PREFIX + hmacSha256Hex(key, value);
}

function refusal(fields: string, method = '', key = KEY): RedactionInputError {
  try {
    parseRedaction({ fields, method, key }, NAMES);
  } catch (error) {
    if (error instanceof RedactionInputError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify({ fields, method })}`);
}

const LOG = {
  date: '2026-11-30T10:00:00.000Z',
  type: 's',
  description: 'Successful login',
  ip: '203.0.113.7',
  user_name: 'alice@example.com',
  details: {
    request: { ip: '198.51.100.1', method: 'post' },
    body: { email: 'alice@example.com', profile: { email: 'a.l@example.org' } },
    prompts: [
      { name: 'login', user_name: 'alice@example.com' },
      { name: 'mfa', user_name: 'alice@example.com', nested: [[{ email: 'deep@example.com' }]] },
    ],
  },
  location_info: { city_name: 'Wellington', latitude: -41.28, longitude: 174.77 },
  log_id: '90020261130100001000000000000000000000000000000000000001',
  _id: '90020261130100001000000000000000000000000000000000000001',
};

describe('which values a field entry matches', () => {
  it('a bare key matches at any depth, inside arrays and arrays of arrays too', () => {
    const out = redact('email', LOG) as typeof LOG;
    expect(out.details.body.email).toBe(MASK);
    expect(out.details.body.profile.email).toBe(MASK);
    expect(out.details.prompts[1]!.nested).toEqual([[{ email: MASK }]]);
    expect(out.user_name).toBe('alice@example.com');
  });

  it('a dot path matches from the root only', () => {
    const out = redact('request.ip', LOG) as typeof LOG;
    expect(out).toEqual(LOG);
    const rooted = redact('details.request.ip', LOG) as typeof LOG;
    expect(rooted.details.request.ip).toBe(MASK);
    expect(rooted.ip).toBe(LOG.ip);
  });

  it('a dot path reaches into every element of an array on its way', () => {
    const out = redact('details.prompts.user_name', LOG) as typeof LOG;
    expect(out.details.prompts.map((prompt) => prompt.user_name)).toEqual([MASK, MASK]);
    expect(out.details.prompts.map((prompt) => prompt.name)).toEqual(['login', 'mfa']);
    expect(out.user_name).toBe(LOG.user_name);
  });

  it('* matches any one key, and only one', () => {
    const out = redact('location_info.*', LOG) as typeof LOG;
    expect(out.location_info).toEqual({ city_name: MASK, latitude: MASK, longitude: MASK });
    const middle = redact('details.*.ip', LOG) as typeof LOG;
    expect(middle.details.request.ip).toBe(MASK);
    expect(middle.ip).toBe(LOG.ip);
    // details.body.profile.email is two keys below details.body: '*' does not stand for both.
    const two = redact('details.*.email', LOG) as typeof LOG;
    expect(two.details.body.email).toBe(MASK);
    expect(two.details.body.profile.email).toBe('a.l@example.org');
  });

  it('a matched object or array is redacted whole', () => {
    const out = redact('details.prompts, location_info', LOG) as typeof LOG;
    expect(out.details.prompts).toBe(MASK);
    expect(out.location_info).toBe(MASK);
  });

  it('keys are case-sensitive, as in JSON', () => {
    expect(redact('Email, USER_NAME', LOG)).toEqual(LOG);
  });

  it('log_id, _id, date and type at the root are never touched, whatever the fields say', () => {
    const forced: Redaction = {
      fields: ['log_id', '_id', 'date', 'type', 'ip'].map((field) => ({ field, from: [field] })),
      entries: ['log_id', '_id', 'date', 'type', 'ip'],
      method: 'drop',
    };
    const out = createRedactor(forced).redact(LOG);
    expect(Object.keys(out)).toEqual(Object.keys(LOG).filter((key) => key !== 'ip'));
    expect([out.log_id, out._id, out.date, out.type]).toEqual([
      LOG.log_id,
      LOG._id,
      LOG.date,
      LOG.type,
    ]);
  });

  it('a dot path may name a nested type, which is not the log type', () => {
    const log = { ...LOG, details: { error: { type: 'invalid_grant' } } };
    const out = redact('details.error.type', log) as { type: string; details: { error: object } };
    expect(out.details.error).toEqual({ type: MASK });
    expect(out.type).toBe('s');
  });
});

describe('what the log looks like afterwards', () => {
  it('everything else is the log unchanged, key order included', () => {
    const out = redact('pii', LOG, 'hash');
    expect(JSON.stringify(Object.keys(out))).toBe(JSON.stringify(Object.keys(LOG)));
    expect(Object.keys(out.details as object)).toEqual(Object.keys(LOG.details));
    expect(Object.keys((out.details as typeof LOG.details).body)).toEqual(['email', 'profile']);
    const unredacted = JSON.parse(JSON.stringify(out)) as typeof LOG;
    expect(unredacted.description).toBe(LOG.description);
    expect(unredacted.details.request.method).toBe('post');
    expect(unredacted.details.prompts.map((p) => p.name)).toEqual(['login', 'mfa']);
  });

  it('leaves the log passed in untouched', () => {
    const before = JSON.stringify(LOG);
    redact('pii, details', LOG, 'drop');
    redact('pii', LOG, 'hash');
    expect(JSON.stringify(LOG)).toBe(before);
  });

  it('returns the same object when nothing matches', () => {
    const log = { ...LOG };
    expect(createRedactor(redaction('emial')).redact(log)).toBe(log);
  });

  it('leaves a null as it is, and does not count it', () => {
    const redactor = createRedactor(redaction('phone_number', 'hash'));
    const log = { ...LOG, details: { enrollment: { phone_number: null } } };
    expect(redactor.redact(log)).toEqual(log);
    expect(redactor.counts()).toEqual([
      { field: 'phone_number', from: ['phone_number'], values: 0 },
    ]);
  });

  it('keeps a key named __proto__ an ordinary key', () => {
    const log = JSON.parse('{"log_id":"1","date":"d","type":"s","__proto__":{"ip":"192.0.2.1"}}');
    const out = redact('ip', log);
    expect(JSON.stringify(out)).toBe(
      '{"log_id":"1","date":"d","type":"s","__proto__":{"ip":"[redacted]"}}',
    );
  });
});

describe('the three methods', () => {
  it('hash: "hmac-sha256:" and 64 lower-case hex digits of the value under the key', () => {
    const out = redact('user_name, ip', LOG, 'hash') as typeof LOG;
    expect(out.user_name).toMatch(TOKEN);
    expect(out.user_name).toBe(token('alice@example.com'));
    expect(out.details.prompts[0]!.user_name).toBe(out.user_name);
    expect(out.ip).toBe(token('203.0.113.7'));
  });

  it('hash: one user is one token across redactors and runs that share the key, another key gives another', () => {
    const first = createRedactor(redaction('user_name', 'hash')).redact(LOG);
    const second = createRedactor(redaction('user_name', 'hash')).redact({ ...LOG, ip: 'other' });
    const otherKey = createRedactor(
      redaction('user_name', 'hash', 'another-key-of-enough-length'),
    ).redact(LOG);
    expect(second.user_name).toBe(first.user_name);
    expect(otherKey.user_name).not.toBe(first.user_name);
    expect(otherKey.user_name).toMatch(TOKEN);
  });

  it('hash: a non-string is hashed as its JSON text', () => {
    const log = {
      ...LOG,
      details: { count: 41.5, flag: true, list: ['a', 1], object: { b: 2, a: 'x' } },
    };
    const out = redact('count, flag, list, object', log, 'hash') as {
      details: Record<string, unknown>;
    };
    expect(out.details).toEqual({
      count: token('41.5'),
      flag: token('true'),
      list: token('["a",1]'),
      object: token('{"b":2,"a":"x"}'),
    });
    const coordinates = redact('pii', LOG, 'hash') as typeof LOG;
    expect(coordinates.location_info.latitude).toBe(token('-41.28'));
  });

  it('hash: many distinct values each get their own token', () => {
    const redactor = createRedactor(redaction('ip', 'hash'));
    const tokens = new Set<unknown>();
    for (let n = 0; n < 25_000; n += 1) {
      const out = redactor.redact({ ...LOG, ip: `10.0.${n >> 8}.${n & 255}` });
      expect(out.ip).toBe(token(`10.0.${n >> 8}.${n & 255}`));
      tokens.add(out.ip);
    }
    expect(tokens.size).toBe(25_000);
  });

  it('mask: "[redacted]"', () => {
    const out = redact('ip, latitude', LOG, 'mask') as typeof LOG;
    expect(out.ip).toBe('[redacted]');
    expect(out.location_info.latitude).toBe('[redacted]');
  });

  it('drop: removes the key, a nested object whole, and keeps the order of the rest', () => {
    const out = redact('details.request, ip', LOG, 'drop') as Partial<typeof LOG>;
    expect(Object.keys(out)).toEqual(Object.keys(LOG).filter((key) => key !== 'ip'));
    expect(Object.keys(out.details!)).toEqual(['body', 'prompts']);
    expect(JSON.stringify(out)).not.toContain('198.51.100.1');
  });

  it('drop: inside the elements of an array', () => {
    const out = redact('user_name', LOG, 'drop') as Partial<typeof LOG>;
    expect(out.details!.prompts[0]).toEqual({ name: 'login' });
    expect('user_name' in out).toBe(false);
  });
});

describe('HMAC-SHA256 against RFC 4231', () => {
  const cases = [
    {
      name: 'test case 1',
      key: Buffer.alloc(20, 0x0b),
      data: Buffer.from('Hi There'),
      mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    },
    {
      name: 'test case 2 (a key shorter than the output)',
      key: Buffer.from('Jefe'),
      data: Buffer.from('what do ya want for nothing?'),
      mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    },
    {
      name: 'test case 3',
      key: Buffer.alloc(20, 0xaa),
      data: Buffer.alloc(50, 0xdd),
      mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    },
    {
      name: 'test case 6 (a key larger than the block)',
      key: Buffer.alloc(131, 0xaa),
      data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
      mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    },
    {
      name: 'test case 7 (key and data larger than the block)',
      key: Buffer.alloc(131, 0xaa),
      data: Buffer.from(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    },
  ];

  it.each(cases)('$name', ({ key, data, mac }) => {
    expect(hmacSha256Hex(key, data)).toBe(mac);
  });

  it('the redactor gives test case 1 for its key and data', () => {
    // Twenty 0x0b bytes are also a string of 20 characters (built here directly: the input reader
    // would trim them, 0x0b being white space).
    const key = '\x0b'.repeat(20);
    const redactor = createRedactor({
      fields: [{ field: 'user_name', from: ['user_name'] }],
      entries: ['user_name'],
      method: 'hash',
      key,
    });
    const out = redactor.redact({ ...LOG, user_name: 'Hi There' });
    expect(out.user_name).toBe(`hmac-sha256:${cases[0]!.mac}`);
  });
});

describe('counting what was redacted', () => {
  it('counts values per field, each field with the entries that asked for it', () => {
    const redactor = createRedactor(redaction('pii, email, emial, details.request.ip', 'hash'));
    redactor.redact(LOG);
    redactor.redact(LOG);
    const counts = new Map(redactor.counts().map((count) => [count.field, count]));
    expect(counts.get('email')).toEqual({ field: 'email', from: ['pii', 'email'], values: 6 });
    expect(counts.get('user_name')?.values).toBe(6);
    expect(counts.get('ip')?.values).toBe(4);
    // details.request.ip is counted by both fields that match it.
    expect(counts.get('details.request.ip')?.values).toBe(2);
    expect(counts.get('location_info.latitude')?.values).toBe(2);
    expect(counts.get('emial')?.values).toBe(0);
  });

  it('names the entries that matched nothing, so a typo does not pass unnoticed', () => {
    const redactor = createRedactor(redaction('pii, emial, details.request.ip', 'hash'));
    expect(redactor.unmatchedEntries()).toEqual(['pii', 'emial', 'details.request.ip']);
    redactor.redact(LOG);
    expect(redactor.unmatchedEntries()).toEqual(['emial']);
  });

  it('an entry already in the preset is matched when the preset field matches', () => {
    const redactor = createRedactor(redaction('pii, email'));
    redactor.redact(LOG);
    expect(redactor.unmatchedEntries()).toEqual([]);
  });
});

describe('reading the inputs', () => {
  it('entries are separated by commas, spaces or newlines; each counts once', () => {
    const parsed = redaction('email, ip\n  details.request.ip\tuser_name,email ,');
    expect(parsed.entries).toEqual(['email', 'ip', 'details.request.ip', 'user_name']);
    expect(parsed.fields.map((field) => field.field)).toEqual(parsed.entries);
  });

  it('pii stands for the generated preset, written in any case', () => {
    const parsed = redaction('PII');
    expect(parsed.entries).toEqual(['pii']);
    expect(parsed.fields.map((field) => field.field)).toEqual([...PII_FIELDS]);
  });

  it('an empty redact-fields redacts nothing and needs no key', () => {
    expect(parseRedaction({ fields: ' \n', method: 'hash', key: '' }, NAMES)).toBeUndefined();
  });

  it('the method defaults to hash and is read in any case; mask and drop need no key', () => {
    expect(redaction('ip', '').method).toBe('hash');
    expect(parseRedaction({ fields: 'ip', method: 'MASK', key: '' }, NAMES)?.method).toBe('mask');
    expect(parseRedaction({ fields: 'ip', method: 'drop', key: '' }, NAMES)).toEqual({
      fields: [{ field: 'ip', from: ['ip'] }],
      entries: ['ip'],
      method: 'drop',
    });
  });

  it('white space around the key is not part of it', () => {
    expect(redaction('ip', 'hash', `  ${KEY}\n`).key).toBe(KEY);
  });
});

describe('refusing bad input', () => {
  it.each([
    ['log_id', /log_id is never redacted/],
    ['_id', /_id is never redacted/],
    ['date', /date is never redacted/],
    ['email type', /type is never redacted/],
    ['*', /'\*' alone/],
    ['details..ip', /empty key/],
    ['.ip', /empty key/],
    ['details.', /empty key/],
    ['email,,ip', /empty entry/],
    ['email, ,ip', /empty entry/],
    [',', /empty entry|names no field/],
    [' , ', /names no field/],
    ['details.prompts[0].user_name', /array index/],
    ['details.prompts[].user_name', /array index/],
    ['user_*', /one whole key/],
    ['"email"', /quotes/],
  ])('redact-fields %j', (fields, why) => {
    const error = refusal(fields);
    expect(error.input).toBe('redact-fields');
    expect(error.value).toBe(fields.trim());
    expect(error.why).toMatch(why);
    expect(error.expected).toMatch(/key names.*dot paths.*\*.*pii.*commas, spaces or newlines/);
  });

  it.each(['sha256', 'hmac', 'redact', 'xxhash'])('redact-method %j', (method) => {
    const error = refusal('ip', method);
    expect(error.input).toBe('redact-method');
    expect(error.value).toBe(method);
    expect(error.expected).toBe("'hash' (the default), 'mask' or 'drop'");
  });

  it('an unknown method is refused even with no fields to redact', () => {
    expect(refusal('', 'sha256').input).toBe('redact-method');
  });

  it('hash with no key', () => {
    const error = refusal('pii', 'hash', '');
    expect(error.input).toBe('redact-key');
    expect(error.value).toBeUndefined();
    expect(error.why).toMatch(/empty.*'redact-method: hash' needs a key/);
    expect(error.expected).toMatch(/at least 16 characters/);
  });

  it.each(['short-key', 'fifteen-chars!!', 'k3y'])(
    'a key under 16 characters, never echoed: %j',
    (key) => {
      for (const method of ['hash', 'mask', '']) {
        const error = refusal('pii', method, key);
        expect(error.input).toBe('redact-key');
        expect(error.value).toBeUndefined();
        expect(`${error.message} ${error.why} ${error.expected}`).not.toContain(key);
        expect(error.why).toMatch(/shorter than 16 characters/);
      }
      expect(refusal('', 'hash', key).input).toBe('redact-key');
    },
  );
});
