/**
 * Redaction of personal data in an Auth0 log before it leaves the runner (DESIGN §10): which fields
 * (`redact-fields`), how (`redact-method`), and the key of the hash (`redact-key`).
 */
import { createHmac } from 'node:crypto';
import { PII_FIELDS } from './pii-fields.js';

export const REDACT_METHODS = ['hash', 'mask', 'drop'] as const;
export type RedactMethod = (typeof REDACT_METHODS)[number];

/** The entry of `redact-fields` that stands for PII_FIELDS (docs/pii-fields.md). */
export const PII_PRESET = 'pii';
/** Exactly-once delivery (log_id), the checkpoint, batching (date) and filtering (type) rest on these. */
export const PROTECTED_FIELDS: readonly string[] = ['log_id', '_id', 'date', 'type'];
/** Shorter keys are within reach of guessing, and whoever has the key can test guesses against tokens. */
export const MIN_KEY_LENGTH = 16;
export const MASK = '[redacted]';
export const HASH_PREFIX = 'hmac-sha256:';

/** One field to redact, and the entries of `redact-fields` that ask for it (`pii`, itself). */
export interface RedactField {
  field: string;
  from: string[];
}

export interface Redaction {
  /** In the order of `redact-fields`, `pii` expanded in place, each field once. */
  fields: RedactField[];
  /** The entries of `redact-fields` as written, each once. */
  entries: string[];
  method: RedactMethod;
  /** Set when the method is `hash`. A secret: never shown, stored or reported. */
  key?: string;
}

/** The names of the three inputs, so that a refusal names the input the user wrote. */
export interface RedactionInputNames {
  fields: string;
  method: string;
  key: string;
}

/**
 * A refused redaction input. `value` is what to show of it; undefined for the key, which is never
 * shown. Config turns it into the standard "Input 'x' has the value …; expected …" error.
 */
export class RedactionInputError extends Error {
  override name = 'RedactionInputError';
  constructor(
    readonly input: string,
    readonly value: string | undefined,
    readonly expected: string,
    readonly why: string,
  ) {
    super(why);
  }
}

const FIELDS_EXPECTED =
  'key names (email), dot paths from the root (details.request.ip) with * for any one key ' +
  `(location_info.*), or the preset ${PII_PRESET}, separated by commas, spaces or newlines`;
const KEY_EXPECTED = `a secret of at least ${MIN_KEY_LENGTH} characters, such as the output of openssl rand -hex 32`;

/**
 * Reads the three inputs (white space around each is ignored). Returns undefined when
 * `redact-fields` is empty: nothing is redacted, but the method and a key given are still checked.
 */
export function parseRedaction(
  inputs: { fields: string; method: string; key: string },
  names: RedactionInputNames,
): Redaction | undefined {
  const method = parseMethod(inputs.method.trim(), names);
  const parsed = parseFields(inputs.fields, names);
  const key = inputs.key.trim();
  if (key !== '' && key.length < MIN_KEY_LENGTH) {
    throw new RedactionInputError(
      names.key,
      undefined,
      KEY_EXPECTED,
      `it is shorter than ${MIN_KEY_LENGTH} characters`,
    );
  }
  if (parsed === undefined) return undefined;
  if (method !== 'hash') return { ...parsed, method };
  if (key === '') {
    throw new RedactionInputError(
      names.key,
      undefined,
      `${KEY_EXPECTED}, passed from a secret`,
      `it is empty, and '${names.method}: hash' needs a key`,
    );
  }
  return { ...parsed, method, key };
}

function parseMethod(value: string, names: RedactionInputNames): RedactMethod {
  if (value === '') return 'hash';
  const method = REDACT_METHODS.find((choice) => choice === value.toLowerCase());
  if (method !== undefined) return method;
  throw new RedactionInputError(
    names.method,
    value,
    "'hash' (the default), 'mask' or 'drop'",
    'it is not a redaction method',
  );
}

function parseFields(
  raw: string,
  names: RedactionInputNames,
): Pick<Redaction, 'fields' | 'entries'> | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const refuse = (why: string): never => {
    throw new RedactionInputError(names.fields, value, FIELDS_EXPECTED, why);
  };
  // "email,,ip": a comma with nothing before the next one is an entry left out, not a separator.
  if (/,\s*,/.test(value)) refuse('it has an empty entry between two commas');
  const written = value.split(/[\s,]+/).filter((entry) => entry !== '');
  const entries = [
    ...new Set(written.map((entry) => (entry.toLowerCase() === PII_PRESET ? PII_PRESET : entry))),
  ];
  if (entries.length === 0) refuse('it names no field');

  const byField = new Map<string, RedactField>();
  const add = (field: string, entry: string): void => {
    const known = byField.get(field);
    if (known === undefined) byField.set(field, { field, from: [entry] });
    else if (!known.from.includes(entry)) known.from.push(entry);
  };
  for (const entry of entries) {
    if (entry === PII_PRESET) {
      for (const field of PII_FIELDS) add(field, PII_PRESET);
      continue;
    }
    const problem = entryProblem(entry);
    if (problem !== undefined) refuse(problem);
    add(entry, entry);
  }
  return { fields: [...byField.values()], entries };
}

/** Why an entry of `redact-fields` cannot be used, or undefined when it can. */
function entryProblem(entry: string): string | undefined {
  if (PROTECTED_FIELDS.includes(entry)) {
    return `${entry} is never redacted: exactly-once delivery and filtering rest on ${PROTECTED_FIELDS.join(', ')}`;
  }
  if (entry === '*') return "'*' alone would redact every field; name the fields instead";
  if (/["'`]/.test(entry)) return `'${entry}' has quotes, which are not part of a key`;
  if (/[[\]]/.test(entry)) {
    return `'${entry}' has an array index; arrays need none: a path matches in every element`;
  }
  const keys = entry.split('.');
  if (keys.some((key) => key === ''))
    return `'${entry}' has an empty key (two dots, or a dot at an end)`;
  if (keys.some((key) => key !== '*' && key.includes('*'))) {
    return `'${entry}' uses * inside a key; * stands for one whole key`;
  }
  return undefined;
}

/** What one run redacted: per field, how many values. */
export interface RedactionCount {
  field: string;
  /** The entries of `redact-fields` that ask for the field. */
  from: string[];
  values: number;
}

export interface Redactor {
  readonly method: RedactMethod;
  /**
   * The log with the matched values redacted; everything else, key order included, as it was.
   * The log passed in is left untouched (objects on the way to a redacted value are copied).
   */
  redact<T extends Record<string, unknown>>(log: T): T;
  /** Values redacted so far, per field. */
  counts(): RedactionCount[];
  /** Logs passed through so far. */
  logs(): number;
  /** Entries of `redact-fields` that matched no value so far: a typo, or a field this tenant lacks. */
  unmatchedEntries(): string[];
}

/** A step of the dot paths: the paths that continue with a key, with any key (`*`), or end here. */
interface PathNode {
  children: Map<string, PathNode>;
  any?: PathNode;
  /** Indexes into the fields of the paths that end at this node. */
  ends: number[];
}

const NO_NODES: readonly PathNode[] = [];
/** Repeated values (a user's name, an IP, a browser) are hashed once; the memo stays this small. */
const HASH_MEMO_SIZE = 10_000;

export function createRedactor(redaction: Redaction): Redactor {
  const counts = redaction.fields.map(() => 0);
  let logs = 0;
  const anyDepth = new Map<string, number[]>();
  const root: PathNode = { children: new Map(), ends: [] };
  redaction.fields.forEach(({ field }, index) => {
    if (!field.includes('.')) {
      anyDepth.set(field, [...(anyDepth.get(field) ?? []), index]);
      return;
    }
    let node = root;
    for (const key of field.split('.')) {
      const next = key === '*' ? node.any : node.children.get(key);
      const created = next ?? { children: new Map(), ends: [] };
      if (key === '*') node.any = created;
      else node.children.set(key, created);
      node = created;
    }
    node.ends.push(index);
  });
  const hasAnyDepth = anyDepth.size > 0;
  const replace = replacer(redaction);
  const drop = redaction.method === 'drop';

  /** The fields matched by `key` in an object reached through `nodes`. */
  const matched = (key: string, nodes: readonly PathNode[]): number[] | undefined => {
    let found = anyDepth.get(key);
    for (const node of nodes) {
      const child = node.children.get(key);
      if (child !== undefined && child.ends.length > 0) found = [...(found ?? []), ...child.ends];
      if (node.any !== undefined && node.any.ends.length > 0) {
        found = [...(found ?? []), ...node.any.ends];
      }
    }
    return found;
  };

  /** The path steps that continue below `key`. */
  const descend = (key: string, nodes: readonly PathNode[]): readonly PathNode[] => {
    let next: PathNode[] | undefined;
    for (const node of nodes) {
      const child = node.children.get(key);
      if (child !== undefined && (child.children.size > 0 || child.any)) (next ??= []).push(child);
      const any = node.any;
      if (any !== undefined && (any.children.size > 0 || any.any)) (next ??= []).push(any);
    }
    return next ?? NO_NODES;
  };

  const visit = (value: unknown, nodes: readonly PathNode[]): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (nodes.length === 0 && !hasAnyDepth) return value;
    // Arrays are transparent: a path reaches into every element, at the array's own depth.
    if (Array.isArray(value)) return visitArray(value, nodes);
    return visitObject(value as Record<string, unknown>, nodes, false);
  };

  const visitArray = (array: unknown[], nodes: readonly PathNode[]): unknown[] => {
    let copy: unknown[] | undefined;
    for (let index = 0; index < array.length; index += 1) {
      const element = array[index];
      const redacted = visit(element, nodes);
      if (redacted !== element) (copy ??= array.slice())[index] = redacted;
    }
    return copy ?? array;
  };

  const visitObject = (
    object: Record<string, unknown>,
    nodes: readonly PathNode[],
    isRoot: boolean,
  ): Record<string, unknown> => {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(object)) {
      if (isRoot && PROTECTED_FIELDS.includes(key)) continue;
      const value = object[key];
      const fields = matched(key, nodes);
      if (fields !== undefined) {
        // A null holds nothing personal; it stays, so the log keeps its shape.
        if (value === null) continue;
        for (const index of fields) counts[index]! += 1;
        copy ??= { ...object };
        if (drop) delete copy[key];
        else setOwn(copy, key, replace(value));
        continue;
      }
      if (typeof value !== 'object' || value === null) continue;
      const redacted = visit(value, descend(key, nodes));
      if (redacted !== value) setOwn((copy ??= { ...object }), key, redacted);
    }
    return copy ?? object;
  };

  return {
    method: redaction.method,
    redact: <T extends Record<string, unknown>>(log: T): T => {
      logs += 1;
      return visitObject(log, [root], true) as T;
    },
    logs: () => logs,
    counts: () =>
      redaction.fields.map(({ field, from }, index) => ({
        field,
        from: [...from],
        values: counts[index]!,
      })),
    unmatchedEntries: () =>
      redaction.entries.filter(
        (entry) =>
          !redaction.fields.some(
            (field, index) => field.from.includes(entry) && counts[index]! > 0,
          ),
      ),
  };
}

/** Sets a key on a copy without invoking the `__proto__` setter that plain assignment would. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

function replacer(redaction: Redaction): (value: unknown) => unknown {
  if (redaction.method !== 'hash') return () => MASK;
  if (redaction.key === undefined) throw new Error('hash redaction needs a key');
  // The key's UTF-8 bytes, converted once rather than on every value.
  const key = Buffer.from(redaction.key, 'utf8');
  const memo = new Map<string, string>();
  return (value) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const known = memo.get(text);
    if (known !== undefined) return known;
    const token = HASH_PREFIX + hmacSha256Hex(key, text);
    if (memo.size >= HASH_MEMO_SIZE) memo.clear();
    memo.set(text, token);
    return token;
  };
}

/** HMAC-SHA256 of the UTF-8 text, as 64 lower-case hex digits (`openssl dgst -sha256 -hmac key`). */
export function hmacSha256Hex(key: string | Buffer, text: string | Buffer): string {
  return createHmac('sha256', key).update(text).digest('hex');
}
