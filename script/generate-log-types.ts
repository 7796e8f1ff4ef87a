/**
 * Builds the log type catalog from the vendored Auth0 log schemas and script/log-types/sources.ts:
 *
 *   src/logs/log-type-catalog.ts   what the action filters with
 *   docs/log-types.md               the same table for users
 *
 * Usage: tsx script/generate-log-types.ts [--check]
 * With --check nothing is written; the exit code is 1 when a committed file is not what this script
 * produces, so CI catches a schema or source change that was not regenerated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { REGENERATE, writeOrCheck } from './log-types/generated-files.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DOCUMENTED_TYPES,
  EXTENSION_TYPES,
  LEVEL_OVERRIDES,
  LOG_STREAM_CATEGORIES,
  RETIRED_TYPES,
  type DashboardFilter,
  type LogStreamCategory,
} from './log-types/sources.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_DIR = 'third_party/auth0-log-schemas/schemas/log-types';
const CATALOG_FILE = 'src/logs/log-type-catalog.ts';
const DOCS_FILE = 'docs/log-types.md';
/** The repository's Prettier `printWidth`: the generated source stays as Prettier would leave it. */
const PRINT_WIDTH = 100;

const LEVEL_NAMES = ['debug', 'info', 'warning', 'error', 'critical'] as const;

type Level = 0 | 1 | 2 | 3 | 4;

/** Why a code has its level, in the order `deriveLevel` tries the rules; docs/log-types.md shows these. */
const LEVEL_BASES = {
  extension: "The extension's level for the code.",
  override: 'Chosen by hand; the reasons are listed below.',
  limit: '`api_limit` or a `limit_*` code, a rate limit or a block: 4.',
  dashboard: 'The dashboard filter that lists the code: Error 3, Warning 2, Success 1.',
  outcome:
    'The outcome in the code or its name: failed, failure or error 3; warning 2; success or completed 1.',
  convention: 'A code without `_` starting with `f` (failed) 3, `w` (warning) 2, `s` (success) 1.',
  category: 'The log-stream category: `*-fail` 3, `*-success` 1.',
  informational: 'None of the above: informational, 1.',
} as const;

type LevelBasis = keyof typeof LEVEL_BASES;

interface SchemaType {
  code: string;
  /** The schema's `type.description`: a short name. */
  name?: string;
  description?: string;
}

interface CatalogEntry {
  code: string;
  name: string;
  description: string;
  category: LogStreamCategory;
  dashboardFilter?: DashboardFilter;
  level: Level;
  levelBasis: LevelBasis;
  knownToExtension: boolean;
  retired: boolean;
  hasSchema: boolean;
}

function main(): void {
  const check = process.argv.includes('--check');
  const entries = buildCatalog(readSchemas());
  const outputs = new Map([
    [CATALOG_FILE, renderCatalog(entries)],
    [DOCS_FILE, renderDocs(entries)],
  ]);

  writeOrCheck(outputs, check, `${entries.length} codes`);
}

function readSchemas(): SchemaType[] {
  const dir = path.join(ROOT, SCHEMA_DIR);
  const suffix = '.schema.json';
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .sort()
    .map((file) => {
      const code = file.slice(0, -suffix.length);
      const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        description?: string;
        properties?: { type?: { const?: string; description?: string } };
      };
      const type = schema.properties?.type;
      if (type?.const !== code) {
        throw new Error(`${SCHEMA_DIR}/${file}: properties.type.const is not '${code}'`);
      }
      return { code, name: type.description, description: schema.description };
    });
}

function buildCatalog(schemas: SchemaType[]): CatalogEntry[] {
  const documented = indexByCode(DOCUMENTED_TYPES, 'DOCUMENTED_TYPES');
  const extension = indexByCode(EXTENSION_TYPES, 'EXTENSION_TYPES');
  const retired = indexByCode(RETIRED_TYPES, 'RETIRED_TYPES');
  const overrides = indexByCode(LEVEL_OVERRIDES, 'LEVEL_OVERRIDES');
  const schemaByCode = indexByCode(schemas, SCHEMA_DIR);

  // A new schema needs a row in sources.ts: its category and dashboard filter decide its level.
  const unplaced = schemas.filter((schema) => !documented.has(schema.code)).map((s) => s.code);
  if (unplaced.length > 0) {
    throw new Error(
      `No DOCUMENTED_TYPES row in script/log-types/sources.ts for: ${unplaced.join(', ')}. ` +
        "Add each with its event name, dashboard filter and category from Auth0's docs.",
    );
  }
  const bothRetiredAndDocumented = [...retired.keys()].filter((code) => documented.has(code));
  if (bothRetiredAndDocumented.length > 0) {
    throw new Error(`Retired codes still documented: ${bothRetiredAndDocumented.join(', ')}`);
  }
  const codes = new Set([...documented.keys(), ...retired.keys(), ...extension.keys()]);
  const stray = [...overrides.keys()].filter((code) => !codes.has(code));
  if (stray.length > 0) throw new Error(`LEVEL_OVERRIDES names unknown codes: ${stray.join(', ')}`);

  return [...codes].sort(compareCodes).map((code) => {
    const schema = schemaByCode.get(code);
    const row = documented.get(code);
    const known = extension.get(code);
    const old = retired.get(code);
    const name = cleanName(schema?.name ?? row?.event ?? old?.description ?? known?.name ?? code);
    const description = cleanDescription(
      schema?.description ?? row?.description ?? old?.description ?? name,
    );
    const partial = {
      code,
      name,
      description,
      category: row?.category ?? 'other',
      dashboardFilter: row?.dashboard,
    };
    const { level, basis } = deriveLevel(partial, known?.level, overrides.get(code)?.level);
    return {
      ...partial,
      level,
      levelBasis: basis,
      knownToExtension: known !== undefined,
      retired: old !== undefined,
      hasSchema: schema !== undefined,
    };
  });
}

function indexByCode<T extends { code: string }>(
  rows: readonly T[],
  source: string,
): Map<string, T> {
  const byCode = new Map<string, T>();
  for (const row of rows) {
    if (byCode.has(row.code)) throw new Error(`${source} lists '${row.code}' twice`);
    byCode.set(row.code, row);
  }
  return byCode;
}

/** Plain code point order, so the output does not depend on the machine's locale. */
function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The level of a code the extension knew is the extension's, so a migrated LOG_LEVEL selects the
 * same codes. Other codes get one from what Auth0 publishes about them, most specific rule first.
 */
function deriveLevel(
  entry: Pick<CatalogEntry, 'code' | 'name' | 'category' | 'dashboardFilter'>,
  extensionLevel: Level | undefined,
  override: Level | undefined,
): { level: Level; basis: LevelBasis } {
  if (extensionLevel !== undefined) return { level: extensionLevel, basis: 'extension' };
  if (override !== undefined) return { level: override, basis: 'override' };
  const { code, name, category, dashboardFilter } = entry;
  if (code === 'api_limit' || code.startsWith('limit_')) return { level: 4, basis: 'limit' };
  if (dashboardFilter !== undefined) {
    return { level: OUTCOME_LEVELS[dashboardFilter], basis: 'dashboard' };
  }
  const outcome = outcomeInWords(`${code.replace(/_/g, ' ')} ${name}`);
  if (outcome !== undefined) return { level: OUTCOME_LEVELS[outcome], basis: 'outcome' };
  // Auth0's short codes follow a convention: `f...` failed, `w...` warning, `s...` success.
  const initial = code.charAt(0);
  if (!code.includes('_') && (initial === 'f' || initial === 'w' || initial === 's')) {
    const byInitial = { f: 'error', w: 'warning', s: 'success' } as const;
    return { level: OUTCOME_LEVELS[byInitial[initial]], basis: 'convention' };
  }
  if (category.endsWith('-fail')) return { level: 3, basis: 'category' };
  if (category.endsWith('-success')) return { level: 1, basis: 'category' };
  return { level: 1, basis: 'informational' };
}

const OUTCOME_LEVELS: Record<DashboardFilter, Level> = { error: 3, warning: 2, success: 1 };

function outcomeInWords(text: string): DashboardFilter | undefined {
  const words = new Set(text.toLowerCase().split(/[^a-z]+/));
  const has = (...candidates: string[]) => candidates.some((word) => words.has(word));
  if (has('fail', 'failed', 'failure', 'error')) return 'error';
  if (has('warning', 'warnings')) return 'warning';
  if (has('success', 'successful', 'successfully', 'succeeded', 'succeed', 'completed')) {
    return 'success';
  }
  return undefined;
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Schema names are mostly title case; a few start lower case or carry a stray `*`. */
function cleanName(name: string): string {
  const text = collapseSpaces(name).replace(/\s*\*$/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Some schema descriptions join two sentences without a full stop ("Failed Login This is only…"). */
function cleanDescription(description: string): string {
  return collapseSpaces(description).replace(
    /([a-z]) (This is only emitted|Only emitted)/,
    '$1. $2',
  );
}

// ---- src/logs/log-type-catalog.ts ----

/** Quotes as Prettier does with `singleQuote`: double quotes only when that needs fewer escapes. */
function quote(text: string): string {
  const singles = text.split("'").length - 1;
  const doubles = text.split('"').length - 1;
  const mark = singles > doubles ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(new RegExp(mark, 'g'), `\\${mark}`);
  return `${mark}${escaped}${mark}`;
}

/** A property of a catalog entry, broken after the colon as Prettier does when it is too wide. */
function property(key: string, value: string): string {
  const line = `    ${key}: ${value},`;
  return line.length <= PRINT_WIDTH ? line : `    ${key}:\n      ${value},`;
}

function renderCatalog(entries: CatalogEntry[]): string {
  const lines = [
    '// Generated by script/generate-log-types.ts from third_party/auth0-log-schemas and',
    `// script/log-types/sources.ts: do not edit; run \`${REGENERATE}\`.`,
    '',
    '/** The log-stream event categories (Auth0 Tenant Log Catalog); `other` holds the rest. */',
    'export const LOG_CATEGORIES = [',
    ...LOG_STREAM_CATEGORIES.map((category) => `  ${quote(category)},`),
    '] as const;',
    '',
    'export type LogCategory = (typeof LOG_CATEGORIES)[number];',
    '',
    "/** The Auth0 dashboard's log filters. */",
    "export type DashboardFilter = 'error' | 'warning' | 'success';",
    '',
    'export interface LogTypeInfo {',
    '  /** The `type` field of a log. */',
    '  code: string;',
    '  /** A short name. */',
    '  name: string;',
    '  description: string;',
    "  /** Where Auth0's log streams place the code; `other` when Auth0 places it nowhere. */",
    '  category: LogCategory;',
    '  /** The dashboard filter that lists the code; absent when none does. */',
    '  dashboardFilter?: DashboardFilter;',
    "  /** 0 debug .. 4 critical: the extension's level, else derived (docs/log-types.md says how). */",
    '  level: 0 | 1 | 2 | 3 | 4;',
    '  /** The retired extension knew the code: its LOG_LEVEL could select it. */',
    '  knownToExtension: boolean;',
    "  /** Auth0 no longer documents the code; kept so the extension's LOG_TYPES values still parse. */",
    '  retired: boolean;',
    '}',
    '',
    'export const LOG_TYPE_CATALOG: readonly LogTypeInfo[] = [',
  ];
  for (const entry of entries) {
    lines.push('  {');
    lines.push(property('code', quote(entry.code)));
    lines.push(property('name', quote(entry.name)));
    lines.push(property('description', quote(entry.description)));
    lines.push(property('category', quote(entry.category)));
    if (entry.dashboardFilter !== undefined) {
      lines.push(property('dashboardFilter', quote(entry.dashboardFilter)));
    }
    lines.push(property('level', String(entry.level)));
    lines.push(property('knownToExtension', String(entry.knownToExtension)));
    lines.push(property('retired', String(entry.retired)));
    lines.push('  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

// ---- docs/log-types.md ----

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

function sameText(a: string, b: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[.\s]+$/, '');
  return plain(a) === plain(b);
}

function renderDocs(entries: CatalogEntry[]): string {
  const count = (predicate: (entry: CatalogEntry) => boolean) => entries.filter(predicate).length;
  const known = count((entry) => entry.knownToExtension);
  const schemas = count((entry) => entry.hasSchema);
  const retired = count((entry) => entry.retired);
  const documentedOnly = entries.length - schemas - retired;
  const levelLabel = (level: Level) => `${level} ${LEVEL_NAMES[level]}`;

  const lines = [
    `<!-- Generated by script/generate-log-types.ts: do not edit; run \`${REGENERATE}\`. -->`,
    '',
    '# Auth0 log types',
    '',
    `The catalog the action filters with holds ${entries.length} codes:`,
    '',
    `- ${schemas} from Auth0's log schemas (\`third_party/auth0-log-schemas\`);`,
    `- ${documentedOnly} from Auth0's log event type table only;`,
    `- ${retired} retired codes that the "Logs to CloudWatch" extension knew, kept so its`,
    '  `LOG_TYPES` values still parse.',
    '',
    `The extension knew ${known} of them.`,
    '',
    '## Filtering',
    '',
    '- `log-level` keeps the codes whose level is at or above it (0 debug, 1 info, 2 warning,',
    '  3 error, 4 critical), and every code missing from this table: Auth0 adds types, and a new one',
    '  is exported rather than silently dropped (`exclude-log-types` can remove it).',
    '- `log-types` keeps the codes it names: a code (`fp`), a category (`category:auth-login-fail`) or',
    '  a prefix (`gd_*`). With `log-level` as well, a log is kept when either keeps it, as in the',
    '  extension.',
    '- `exclude-log-types` takes the same forms and removes codes last.',
    '- With neither `log-level` nor `log-types`, every log is exported.',
    '',
    '## Levels',
    '',
    'Each code gets the level of the first rule that applies; the "Level from" column of the full',
    "table names it. The first keeps the extension's level for the codes it knew, so a migrated",
    '`LOG_LEVEL` selects the same codes (the extension even rated `du`, a deleted user, 3).',
    '',
    ...(Object.keys(LEVEL_BASES) as LevelBasis[]).map(
      (basis, index) => `${index + 1}. \`${basis}\`: ${LEVEL_BASES[basis]}`,
    ),
    '',
    'Chosen by hand:',
    '',
    ...LEVEL_OVERRIDES.map((row) => `- \`${row.code}\`: ${row.level}, ${row.reason}.`),
    '',
    '| Level | Codes | Known to the extension |',
    '| --- | --- | --- |',
    ...([0, 1, 2, 3, 4] as const).map(
      (level) =>
        `| ${levelLabel(level)} | ${count((entry) => entry.level === level)} | ` +
        `${count((entry) => entry.level === level && entry.knownToExtension)} |`,
    ),
    '',
    '## Categories',
    '',
    '`category:<name>` takes the categories of Auth0\'s log streams ("Filter By Event Category"):',
    '',
    '| Category | Codes |',
    '| --- | --- |',
    ...LOG_STREAM_CATEGORIES.map(
      (category) => `| \`${category}\` | ${count((entry) => entry.category === category)} |`,
    ),
    '',
    "Placement is Auth0's, oddities included (`feta`, a failure, is under",
    '`auth-token-exchange-success`). `other` also holds the codes Auth0 places nowhere.',
    '',
    '## All codes',
    '',
    'Level from: how the level was chosen (see [Levels](#levels)). Dashboard: the filter that lists',
    "the code in Auth0's dashboard.",
    '',
    '| Code | Name | Description | Category | Dashboard | Level | Level from | Extension |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const entry of entries) {
    const description = sameText(entry.description, entry.name) ? '' : entry.description;
    const status = entry.retired ? 'yes (retired)' : entry.knownToExtension ? 'yes' : 'no';
    lines.push(
      [
        '',
        `\`${entry.code}\``,
        cell(entry.name),
        cell(description),
        `\`${entry.category}\``,
        entry.dashboardFilter ?? '',
        levelLabel(entry.level),
        entry.levelBasis,
        status,
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  lines.push('');
  return lines.join('\n');
}

main();
