/**
 * Builds the `pii` preset of `redact-fields` from the vendored Auth0 log schemas and
 * script/log-types/pii.ts:
 *
 *   src/logs/pii-fields.ts   what `redact-fields: pii` expands to
 *   docs/pii-fields.md       each field, what it holds and where the schemas put it
 *
 * Usage: tsx script/generate-pii-fields.ts [--check]
 * Stops with the schema properties that look personal but are classified nowhere, and with entries
 * of pii.ts that no schema has any more. With --check nothing is written; the exit code is 1 when a
 * committed file is not what this script produces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { REGENERATE, writeOrCheck } from './log-types/generated-files.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  KIND_HOLDS,
  looksPersonal,
  NOT_PII,
  PII_FIELDS,
  PII_KINDS,
  type NotPii,
  type PiiField,
} from './log-types/pii.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_DIR = 'third_party/auth0-log-schemas/schemas/log-types';
const PRESET_FILE = 'src/logs/pii-fields.ts';
const DOCS_FILE = 'docs/pii-fields.md';
/** Log types named in a docs cell before the rest are only counted. */
const MAX_LISTED_CODES = 6;

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/** One property of the schemas: where it is, and the log types whose schema has it there. */
interface Occurrence {
  /** Keys from the root; an array's items sit at the array's own path, as redaction sees them. */
  keys: string[];
  /** The path as the docs show it: `details.prompts[].user_name`. */
  shown: string;
  codes: Set<string>;
}

function main(): void {
  const check = process.argv.includes('--check');
  const occurrences = readOccurrences();
  checkClassification(occurrences);
  const outputs = new Map([
    [PRESET_FILE, renderPreset()],
    [DOCS_FILE, renderDocs(occurrences)],
  ]);

  writeOrCheck(outputs, check, `${PII_FIELDS.length} fields`);
}

function readOccurrences(): Occurrence[] {
  const dir = path.join(ROOT, SCHEMA_DIR);
  const suffix = '.schema.json';
  const byPath = new Map<string, Occurrence>();
  const visit = (node: SchemaNode, keys: string[], shown: string, code: string): void => {
    for (const branch of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
      visit(branch, keys, shown, code);
    }
    const items = node.items === undefined ? [] : [node.items].flat();
    for (const item of items) visit(item, keys, `${shown}[]`, code);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const childKeys = [...keys, key];
      const childShown = shown === '' ? key : `${shown}.${key}`;
      const found = byPath.get(childShown) ?? {
        keys: childKeys,
        shown: childShown,
        codes: new Set(),
      };
      found.codes.add(code);
      byPath.set(childShown, found);
      visit(child, childKeys, childShown, code);
    }
  };
  for (const file of readdirSync(dir).filter((name) => name.endsWith(suffix))) {
    const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as SchemaNode;
    visit(schema, [], '', file.slice(0, -suffix.length));
  }
  return [...byPath.values()].sort((a, b) => compareText(a.shown, b.shown));
}

/** Plain code point order, so the output does not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** As `redact-fields` matches: a bare key at any depth, a dot path from the root. */
function matches(field: string, keys: string[]): boolean {
  if (!field.includes('.')) return keys[keys.length - 1] === field;
  return field === keys.join('.');
}

function whereItOccurs(field: string, occurrences: Occurrence[]): Occurrence[] {
  return occurrences
    .filter((occurrence) => matches(field, occurrence.keys))
    .sort((a, b) => a.keys.length - b.keys.length || compareText(a.shown, b.shown));
}

function checkClassification(occurrences: Occurrence[]): void {
  const problems: string[] = [];
  const fields = [...PII_FIELDS.map((f) => f.field), ...NOT_PII.map((f) => f.field)];
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field)) problems.push(`'${field}' is listed twice`);
    seen.add(field);
    if (field.includes('*') || field.split('.').some((key) => key === '')) {
      problems.push(`'${field}' is not a plain key or dot path`);
    }
  }
  for (const field of PII_FIELDS) {
    const found = whereItOccurs(field.field, occurrences).length > 0;
    if (!found && field.outsideSchemas === undefined) {
      problems.push(`PII_FIELDS: '${field.field}' occurs in no schema; remove it or say why`);
    }
    if (found && field.outsideSchemas !== undefined) {
      problems.push(`PII_FIELDS: '${field.field}' occurs in the schemas; drop its outsideSchemas`);
    }
  }
  for (const field of NOT_PII) {
    if (whereItOccurs(field.field, occurrences).length === 0) {
      problems.push(`NOT_PII: '${field.field}' occurs in no schema; remove it`);
    }
  }
  for (const occurrence of occurrences) {
    if (!looksPersonal(occurrence.keys[occurrence.keys.length - 1]!)) continue;
    const covered = PII_FIELDS.filter((f) => matches(f.field, occurrence.keys));
    const cleared = NOT_PII.filter((f) => matches(f.field, occurrence.keys));
    if (covered.length === 0 && cleared.length === 0) {
      problems.push(
        `'${occurrence.shown}' (in ${codeList(occurrence.codes)}) looks personal: add it to PII_FIELDS or, with the reason, to NOT_PII`,
      );
    }
    if (covered.length > 0 && cleared.length > 0) {
      problems.push(`'${occurrence.shown}' is both in PII_FIELDS and in NOT_PII`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`script/log-types/pii.ts needs attention:\n- ${problems.join('\n- ')}`);
  }
}

function codeList(codes: Set<string>): string {
  const sorted = [...codes].sort(compareText).map((code) => `\`${code}\``);
  if (sorted.length <= MAX_LISTED_CODES) return sorted.join(', ');
  return `${sorted.slice(0, MAX_LISTED_CODES).join(', ')} and ${sorted.length - MAX_LISTED_CODES} more`;
}

// ---- src/logs/pii-fields.ts ----

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function renderPreset(): string {
  return [
    '// Generated by script/generate-pii-fields.ts from third_party/auth0-log-schemas and',
    `// script/log-types/pii.ts: do not edit; run \`${REGENERATE}\`.`,
    '',
    '/**',
    ' * What `redact-fields: pii` stands for (docs/pii-fields.md says what each field holds and where it',
    ' * occurs): bare keys match at any depth, dot paths from the root.',
    ' */',
    'export const PII_FIELDS: readonly string[] = [',
    ...PII_FIELDS.map((field) => `  ${quote(field.field)},`),
    '];',
    '',
  ].join('\n');
}

// ---- docs/pii-fields.md ----

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

function occurrencesCell(field: PiiField | NotPii, occurrences: Occurrence[]): string {
  if ('outsideSchemas' in field && field.outsideSchemas !== undefined) {
    return `in no schema: ${field.outsideSchemas}`;
  }
  return whereItOccurs(field.field, occurrences)
    .map((occurrence) => {
      const count = occurrence.codes.size;
      const types = `${count} log type${count === 1 ? '' : 's'}`;
      const listed = count <= MAX_LISTED_CODES ? ` (${codeList(occurrence.codes)})` : '';
      return `\`${occurrence.shown}\` in ${types}${listed}`;
    })
    .join('; ');
}

function renderDocs(occurrences: Occurrence[]): string {
  const bare = PII_FIELDS.filter((field) => !field.field.includes('.')).length;
  const lines = [
    `<!-- Generated by script/generate-pii-fields.ts: do not edit; run \`${REGENERATE}\`. -->`,
    '',
    '# The `pii` preset of `redact-fields`',
    '',
    `\`redact-fields: pii\` redacts ${PII_FIELDS.length} fields: ${bare} keys that match at any depth (inside`,
    `arrays too) and ${PII_FIELDS.length - bare} dot paths that match from the root. Together they cover`,
    "every property of Auth0's log schemas (`third_party/auth0-log-schemas`) that holds a",
    "person's name, e-mail address, phone number, address, IP address, user agent or location, the",
    "six fields of Log Streams' `pii_config` (`first_name`, `last_name`, `username`, `email`,",
    '`phone`, `address`), and the city and coordinates of `location_info`, which the Management',
    "API's logs carry but the schemas leave out.",
    '',
    'A key that matches at any depth also matches inside objects whose content the schemas leave',
    'open (`user_metadata`, `app_metadata`, `details.qs`, `details.headers`), so an `email` there is',
    'redacted as well.',
    '',
    'The list is derived by `script/generate-pii-fields.ts`, which stops when a schema gains a',
    'property whose name looks personal and that is classified neither here nor under',
    '[Reviewed and left out](#reviewed-and-left-out).',
    '',
    '| Field | Holds | Where it occurs |',
    '| --- | --- | --- |',
  ];
  for (const kind of PII_KINDS) {
    for (const field of PII_FIELDS.filter((f) => f.kind === kind)) {
      const holds = field.holds ?? KIND_HOLDS[kind];
      lines.push(
        `| \`${field.field}\` | ${cell(holds)} | ${cell(occurrencesCell(field, occurrences))} |`,
      );
    }
  }
  lines.push(
    '',
    '## Reviewed and left out',
    '',
    "These keys look personal by name, but what they hold is not a person's data:",
    '',
    '| Field | Holds | Where it occurs |',
    '| --- | --- | --- |',
    ...NOT_PII.map(
      (field) =>
        `| \`${field.field}\` | ${cell(field.reason)} | ${cell(occurrencesCell(field, occurrences))} |`,
    ),
    '',
    '## What the preset does not catch',
    '',
    '- Personal data inside free text: an e-mail address in `description` or in an error message.',
    '- Identifiers: `user_id`, `identity_user_id`, `details.prompts[].identity` and `details.actor.sub`',
    '  are pseudonymous, but some identity providers use an e-mail address as the user id',
    '  (`samlp|acme|jdoe@acme.test`). Add `user_id` to `redact-fields` to hash it too.',
    '- URLs and queries: `details.request.path`, `details.referer`, `details.request.query` and the',
    '  like can carry an e-mail address in a query string.',
    '- Coarse location: `location_info.country_code`, `country_name`, `continent_code` and',
    '  `time_zone` are kept; add `location_info` to redact the whole object.',
    '- TLS fingerprints (`security_context.ja3`, `ja4`), which identify client software, not a person.',
    '',
  );
  return lines.join('\n');
}

main();
