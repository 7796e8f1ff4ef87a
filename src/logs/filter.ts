import { ActionError } from '../errors.js';
import { LOG_CATEGORIES, LOG_TYPE_CATALOG, type LogTypeInfo } from './log-type-catalog.js';

/**
 * The `log-level` and `log-types` filters of the retired "Logs to CloudWatch" extension (v2), with
 * categories, prefixes and excludes added, and one change: a type missing from the catalog is never
 * dropped by a level filter. The extension built a finite list from its own table, so every type
 * Auth0 added later (`pla`, `si`, `fi`, ...) vanished as soon as a filter was set.
 */

/** Level names by number, as the extension's LOG_LEVEL setting offered them. */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;

/** A `log-level` or `log-types` value that cannot be used; `message` says what is accepted. */
export class LogFilterInputError extends ActionError {
  override name = 'LogFilterInputError';
}

export interface LogFilterSpec {
  /** 0 debug .. 4 critical; unset means no level filter. */
  level?: number;
  /** Codes, `category:<name>` or prefixes (`gd_*`) to export; empty means no type filter. */
  types: string[];
  /** The same forms, removed last. */
  exclude: string[];
}

export interface LogFilter {
  /** Whether a log of this type is exported. */
  accepts(type: string): boolean;
  /** Whether the catalog knows the type; unknown types are worth listing in the summary. */
  isKnown(type: string): boolean;
  /** No level, types or excludes: every log is exported. */
  readonly isEmpty: boolean;
}

const CATEGORY_PREFIX = 'category:';
const CODE = /^[a-z0-9_]+$/;
const PREFIX = /^[a-z0-9_]+\*$/;

const CATALOG = new Map(LOG_TYPE_CATALOG.map((info) => [info.code, info]));
const CATEGORIES: ReadonlySet<string> = new Set(LOG_CATEGORIES);

export function findLogType(type: string): LogTypeInfo | undefined {
  return CATALOG.get(type.toLowerCase());
}

/** The catalog level of a type (0..4), or undefined for a type the catalog does not know. */
export function levelOf(type: string): number | undefined {
  return findLogType(type)?.level;
}

/** A short name for a type, for summaries; says so when the catalog does not know the type. */
export function describeLogType(type: string): string {
  return findLogType(type)?.name ?? 'Unknown type (not in the catalog)';
}

/** Empty means no level filter; otherwise 0..4 or a level name, in any case. */
export function parseLogLevel(raw: string): number | undefined {
  const value = raw.trim().toLowerCase();
  if (value === '') return undefined;
  if (/^[0-4]$/.test(value)) return Number(value);
  const index = (LOG_LEVELS as readonly string[]).indexOf(value);
  if (index >= 0) return index;
  throw new LogFilterInputError(`expected 0..4 or one of ${LOG_LEVELS.join(', ')}`);
}

/**
 * Splits a list of codes, `category:<name>` and prefixes (`gd_*`) on commas, spaces and newlines;
 * lower-cases them and drops repeats. Unknown codes are kept: Auth0 adds types (see
 * `unknownCodeWarnings`).
 */
export function parseLogTypeList(raw: string): string[] {
  // "category: auth-login-fail" would otherwise split into two tokens.
  const tokens = raw.replace(/category:\s+/gi, CATEGORY_PREFIX).split(/[\s,]+/);
  const parsed = tokens.filter((token) => token !== '').map(parseToken);
  return [...new Set(parsed)];
}

function parseToken(token: string): string {
  const value = token.toLowerCase();
  if (value.startsWith(CATEGORY_PREFIX)) {
    if (CATEGORIES.has(value.slice(CATEGORY_PREFIX.length))) return value;
    throw new LogFilterInputError(
      `'${token}' names no log category; the categories are ${LOG_CATEGORIES.join(', ')}`,
    );
  }
  if (CODE.test(value) || PREFIX.test(value)) return value;
  if (CATEGORIES.has(value)) {
    throw new LogFilterInputError(`'${token}' is a category: write ${CATEGORY_PREFIX}${value}`);
  }
  if (value === '*') {
    throw new LogFilterInputError(
      `'*' alone would select every type: leave the input empty instead`,
    );
  }
  throw new LogFilterInputError(
    `'${token}' is not a log type code (letters, digits and underscores), ` +
      `a ${CATEGORY_PREFIX}<name> or a prefix such as gd_*`,
  );
}

/**
 * One warning per code the catalog does not know, naming the closest known codes so a typo shows,
 * and per prefix that matches no known code. Such tokens still apply: they may be types Auth0 added
 * after this catalog was built.
 */
export function unknownCodeWarnings(tokens: string[]): string[] {
  const warnings: string[] = [];
  for (const token of new Set(tokens.map((t) => t.toLowerCase()))) {
    if (PREFIX.test(token)) {
      const prefix = token.slice(0, -1);
      if (LOG_TYPE_CATALOG.some((info) => info.code.startsWith(prefix))) continue;
      warnings.push(
        `'${token}' matches no known Auth0 log type; it is kept, and selects any type Auth0 adds ` +
          `whose code starts with '${prefix}'.`,
      );
      continue;
    }
    if (!CODE.test(token) || CATALOG.has(token)) continue;
    const closest = closestCodes(token);
    const hint =
      closest.length > 0
        ? `did you mean ${closest.map((code) => `'${code}'`).join(', ')}?`
        : 'no known code is close.';
    warnings.push(
      `'${token}' is not a known Auth0 log type; ${hint} It is kept, since Auth0 adds new types ` +
        '(docs/log-types.md lists the known ones).',
    );
  }
  return warnings;
}

const MAX_SUGGESTIONS = 5;

/** The known codes at the smallest edit distance, when that distance is small for the length. */
function closestCodes(code: string): string[] {
  const limit = Math.max(1, Math.floor(code.length / 3));
  let best = limit + 1;
  let closest: string[] = [];
  for (const info of LOG_TYPE_CATALOG) {
    const distance = editDistance(code, info.code);
    if (distance < best) {
      best = distance;
      closest = [info.code];
    } else if (distance === best) {
      closest.push(info.code);
    }
  }
  // Typos tend to keep the start of a code: `fpp` is more likely `fp` than `fcp`.
  const shared = (other: string) => commonPrefixLength(code, other);
  return closest
    .sort((a, b) => shared(b) - shared(a) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS);
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
}

/** Insertions, deletions, substitutions and swaps of neighbours each count 1 (`fcp` vs `fpc`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1]!;
      let distance = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

interface TypeMatcher {
  matches(type: string): boolean;
  readonly isEmpty: boolean;
}

function createMatcher(tokens: string[]): TypeMatcher {
  const codes = new Set<string>();
  const categories = new Set<string>();
  const prefixes: string[] = [];
  for (const token of tokens.map(parseToken)) {
    if (token.startsWith(CATEGORY_PREFIX)) categories.add(token.slice(CATEGORY_PREFIX.length));
    else if (token.endsWith('*')) prefixes.push(token.slice(0, -1));
    else codes.add(token);
  }
  return {
    isEmpty: codes.size === 0 && categories.size === 0 && prefixes.length === 0,
    matches(type) {
      const code = type.toLowerCase();
      if (codes.has(code)) return true;
      // A type the catalog does not know has no category: only a code or a prefix can match it.
      const category = CATALOG.get(code)?.category;
      if (category !== undefined && categories.has(category)) return true;
      return prefixes.some((prefix) => code.startsWith(prefix));
    },
  };
}

/**
 * With neither a level nor types, every log passes. Otherwise a log passes when `types` matches it
 * or its level is at least `level`, the union the extension used; a type the catalog does not know
 * passes any level filter. `exclude` applies last.
 */
export function createLogFilter(spec: LogFilterSpec): LogFilter {
  const { level } = spec;
  if (
    level !== undefined &&
    !(Number.isInteger(level) && level >= 0 && level < LOG_LEVELS.length)
  ) {
    throw new LogFilterInputError(`expected 0..4 or one of ${LOG_LEVELS.join(', ')}`);
  }
  const included = createMatcher(spec.types);
  const excluded = createMatcher(spec.exclude);
  const selectsAll = level === undefined && included.isEmpty;

  const passesLevel = (type: string): boolean => {
    if (level === undefined) return false;
    const typeLevel = levelOf(type);
    return typeLevel === undefined || typeLevel >= level;
  };

  return {
    isEmpty: selectsAll && excluded.isEmpty,
    isKnown: (type) => CATALOG.has(type.toLowerCase()),
    accepts(type) {
      if (excluded.matches(type)) return false;
      return selectsAll || included.matches(type) || passesLevel(type);
    },
  };
}

export type LogOutcome = 'success' | 'failure' | 'other';

/** Success, failure or neither, for charts: the dashboard filter, else the catalog category. */
export function outcomeOf(type: string): LogOutcome {
  const info = findLogType(type);
  if (!info) return 'other';
  if (info.dashboardFilter === 'success') return 'success';
  if (info.dashboardFilter === 'error') return 'failure';
  if (info.dashboardFilter === 'warning') return 'other';
  if (info.category.endsWith('-success')) return 'success';
  if (info.category.endsWith('-fail') || info.level >= 3) return 'failure';
  return 'other';
}
