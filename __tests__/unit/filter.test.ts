import { describe, expect, it } from 'vitest';
import {
  LOG_LEVELS,
  LogFilterInputError,
  createLogFilter,
  describeLogType,
  levelOf,
  parseLogLevel,
  parseLogTypeList,
  unknownCodeWarnings,
  type LogFilterSpec,
} from '../../src/logs/filter.js';
import { LOG_TYPE_CATALOG } from '../../src/logs/log-type-catalog.js';

// A code Auth0 might add tomorrow: the catalog cannot know it.
const NEW_TYPE = 'zz_new_event';

function filter(spec: Partial<LogFilterSpec>) {
  return createLogFilter({ types: [], exclude: [], ...spec });
}

function accepted(spec: Partial<LogFilterSpec>, types: string[]): string[] {
  const logFilter = filter(spec);
  return types.filter((type) => logFilter.accepts(type));
}

describe('createLogFilter', () => {
  it('with no level and no types, exports every log, known or not', () => {
    const logFilter = filter({});
    expect(logFilter.isEmpty).toBe(true);
    expect(LOG_TYPE_CATALOG.every((info) => logFilter.accepts(info.code))).toBe(true);
    expect(logFilter.accepts(NEW_TYPE)).toBe(true);
  });

  it("keeps fcpro and drops ssa at level 4, the extension's own example", () => {
    expect(accepted({ level: 4 }, ['fcpro', 'ssa'])).toEqual(['fcpro']);
  });

  it('keeps the types at or above the level', () => {
    expect(accepted({ level: 3 }, ['s', 'w', 'f', 'fp', 'api_limit'])).toEqual([
      'f',
      'fp',
      'api_limit',
    ]);
    expect(accepted({ level: 2 }, ['s', 'w', 'depnote', 'f'])).toEqual(['w', 'depnote', 'f']);
  });

  it('keeps every type at level 0', () => {
    const logFilter = filter({ level: 0 });
    expect(logFilter.isEmpty).toBe(false);
    expect(LOG_TYPE_CATALOG.every((info) => logFilter.accepts(info.code))).toBe(true);
  });

  it('keeps only the listed types when no level is set', () => {
    expect(accepted({ types: ['s', 'f'] }, ['s', 'f', 'fp', 'ssa', 'w'])).toEqual(['s', 'f']);
  });

  it('keeps the union of the listed types and the level, as the extension did', () => {
    expect(accepted({ level: 4, types: ['s'] }, ['s', 'ssa', 'fcpro', 'limit_wc', 'fp'])).toEqual([
      's',
      'fcpro',
      'limit_wc',
    ]);
  });

  it('matches a category to every code Auth0 places in it', () => {
    const logFilter = filter({ types: ['category:auth-login-fail'] });
    const inCategory = LOG_TYPE_CATALOG.filter((info) => info.category === 'auth-login-fail');
    expect(inCategory.map((info) => info.code)).toEqual(
      expect.arrayContaining(['f', 'fp', 'fu', 'fcoa', 'fens']),
    );
    expect(inCategory.every((info) => logFilter.accepts(info.code))).toBe(true);
    expect(logFilter.accepts('s')).toBe(false);
    expect(logFilter.accepts('fs')).toBe(false);
  });

  it('matches a prefix to every code that starts with it', () => {
    expect(accepted({ types: ['gd_*'] }, ['gd_send_sms', 'gd_auth_failed', 'f', 's'])).toEqual([
      'gd_send_sms',
      'gd_auth_failed',
    ]);
  });

  it('removes excluded types last, whatever selected them', () => {
    const types = ['s', 'f', 'fp', 'fcpro', 'gd_send_sms', 'gd_auth_failed'];
    expect(accepted({ level: 3, exclude: ['fp'] }, types)).toEqual([
      'f',
      'fcpro',
      'gd_auth_failed',
    ]);
    expect(accepted({ types: ['f', 'fp'], exclude: ['fp'] }, types)).toEqual(['f']);
    expect(accepted({ exclude: ['gd_*'] }, types)).toEqual(['s', 'f', 'fp', 'fcpro']);
    expect(accepted({ exclude: ['category:auth-login-fail'] }, types)).toEqual([
      's',
      'fcpro',
      'gd_send_sms',
      'gd_auth_failed',
    ]);
  });

  it('with only excludes, exports everything else and is not empty', () => {
    const logFilter = filter({ exclude: ['sapi'] });
    expect(logFilter.isEmpty).toBe(false);
    expect(logFilter.accepts('sapi')).toBe(false);
    expect(logFilter.accepts('s')).toBe(true);
    expect(logFilter.accepts(NEW_TYPE)).toBe(true);
  });

  it('matches types in any case', () => {
    expect(accepted({ types: ['S', 'GD_*'] }, ['s', 'gd_send_sms', 'S'])).toEqual([
      's',
      'gd_send_sms',
      'S',
    ]);
  });

  describe('a type the catalog does not know', () => {
    it('passes every level filter, so a new Auth0 type is never silently dropped', () => {
      for (const level of [0, 1, 2, 3, 4]) {
        expect(filter({ level }).accepts(NEW_TYPE)).toBe(true);
      }
    });

    it('fails a types-only filter that does not name it', () => {
      expect(filter({ types: ['s', 'f'] }).accepts(NEW_TYPE)).toBe(false);
      expect(filter({ types: ['category:other'] }).accepts(NEW_TYPE)).toBe(false);
    });

    it('passes a types filter that names it or a prefix of it', () => {
      expect(filter({ types: [NEW_TYPE] }).accepts(NEW_TYPE)).toBe(true);
      expect(filter({ types: ['zz_*'] }).accepts(NEW_TYPE)).toBe(true);
    });

    it('passes a types filter combined with a level', () => {
      expect(filter({ level: 4, types: ['s'] }).accepts(NEW_TYPE)).toBe(true);
    });

    it('can be excluded by code or by prefix', () => {
      expect(filter({ level: 1, exclude: [NEW_TYPE] }).accepts(NEW_TYPE)).toBe(false);
      expect(filter({ exclude: ['zz_*'] }).accepts(NEW_TYPE)).toBe(false);
    });

    it('is reported as unknown while catalog codes are known', () => {
      const logFilter = filter({});
      expect(logFilter.isKnown(NEW_TYPE)).toBe(false);
      expect(logFilter.isKnown('pla')).toBe(true);
      expect(logFilter.isKnown('du')).toBe(true);
    });
  });

  it('rejects a level outside 0..4 and an invalid token', () => {
    expect(() => filter({ level: 5 })).toThrow(LogFilterInputError);
    expect(() => filter({ types: ['f p'] })).toThrow(LogFilterInputError);
    expect(() => filter({ exclude: ['category:nope'] })).toThrow(LogFilterInputError);
  });
});

describe('levelOf and describeLogType', () => {
  it('give the catalog level and name of a known type, in any case', () => {
    expect(levelOf('fcpro')).toBe(4);
    expect(levelOf('FCPRO')).toBe(4);
    expect(describeLogType('s')).toBe('Successful Login');
  });

  it('say when a type is not in the catalog', () => {
    expect(levelOf(NEW_TYPE)).toBeUndefined();
    expect(describeLogType(NEW_TYPE)).toMatch(/not in the catalog/);
  });
});

describe('parseLogLevel', () => {
  it('treats an empty or blank value as no level filter', () => {
    expect(parseLogLevel('')).toBeUndefined();
    expect(parseLogLevel('  \n')).toBeUndefined();
  });

  it('accepts the numbers 0 to 4', () => {
    expect(['0', '1', '2', '3', '4'].map(parseLogLevel)).toEqual([0, 1, 2, 3, 4]);
    expect(parseLogLevel(' 3 ')).toBe(3);
  });

  it('accepts the level names in any case', () => {
    expect(LOG_LEVELS.map(parseLogLevel)).toEqual([0, 1, 2, 3, 4]);
    expect(parseLogLevel('Critical')).toBe(4);
    expect(parseLogLevel('WARNING')).toBe(2);
  });

  it('rejects anything else with a message listing what is accepted', () => {
    for (const bad of ['5', '-1', '3.0', '03', 'warn', 'verbose', 'error,critical']) {
      expect(() => parseLogLevel(bad), bad).toThrow(LogFilterInputError);
    }
    expect(() => parseLogLevel('verbose')).toThrow(
      'expected 0..4 or one of debug, info, warning, error, critical',
    );
  });
});

describe('parseLogTypeList', () => {
  it('treats an empty or blank value as no type filter', () => {
    expect(parseLogTypeList('')).toEqual([]);
    expect(parseLogTypeList(' \n ,, ')).toEqual([]);
  });

  it('splits on commas, spaces and newlines, in any mix', () => {
    expect(parseLogTypeList('s,f')).toEqual(['s', 'f']);
    expect(parseLogTypeList('s f\tfp')).toEqual(['s', 'f', 'fp']);
    expect(parseLogTypeList('s\nf\r\nfp\n')).toEqual(['s', 'f', 'fp']);
    expect(parseLogTypeList(' s , f,\n  fp ,')).toEqual(['s', 'f', 'fp']);
  });

  it('lower-cases codes and drops repeats, keeping the first order', () => {
    expect(parseLogTypeList('S, f, FP, s, fp')).toEqual(['s', 'f', 'fp']);
  });

  it('keeps categories and prefixes', () => {
    expect(parseLogTypeList('Category:Auth-Login-Fail, GD_*, s')).toEqual([
      'category:auth-login-fail',
      'gd_*',
      's',
    ]);
    expect(parseLogTypeList('category: user-fail')).toEqual(['category:user-fail']);
  });

  it('keeps codes the catalog does not know, since Auth0 adds types', () => {
    expect(parseLogTypeList(`s, ${NEW_TYPE}`)).toEqual(['s', NEW_TYPE]);
  });

  it('rejects an unknown category, naming the known ones', () => {
    expect(() => parseLogTypeList('category:logins')).toThrow(LogFilterInputError);
    expect(() => parseLogTypeList('category:logins')).toThrow(
      /auth-login-fail, .*management-success, .*other/,
    );
  });

  it('rejects a category name written without category:', () => {
    expect(() => parseLogTypeList('user-fail')).toThrow('write category:user-fail');
  });

  it('rejects a token that cannot be a code', () => {
    for (const bad of ['f-p', 'fp;', '"s"', 'gd_*_failed', '*', 'ü']) {
      expect(() => parseLogTypeList(`s, ${bad}`), bad).toThrow(LogFilterInputError);
    }
    expect(() => parseLogTypeList('f-p')).toThrow(/'f-p' is not a log type code/);
  });
});

describe('unknownCodeWarnings', () => {
  it('names the closest known codes for a typo, the one sharing the longest start first', () => {
    const [warning, ...rest] = unknownCodeWarnings(['fpp']);
    expect(rest).toEqual([]);
    expect(warning).toContain("'fpp' is not a known Auth0 log type");
    expect(warning).toContain("did you mean 'fp', 'fcp'?");
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(unknownCodeWarnings(['fpc'])[0]).toContain("'fcp'");
  });

  it('names several codes when they are equally close', () => {
    expect(unknownCodeWarnings(['x'])[0]).toMatch(/'f', 's', 'w'/);
  });

  it('says so when no known code is close', () => {
    expect(unknownCodeWarnings([NEW_TYPE])[0]).toContain('no known code is close');
  });

  it('warns about a prefix that matches no known code', () => {
    expect(unknownCodeWarnings(['zz_*'])[0]).toContain("'zz_*' matches no known Auth0 log type");
    expect(unknownCodeWarnings(['gd_*'])).toEqual([]);
  });

  it('is silent for known codes, retired codes and categories, and warns once per code', () => {
    expect(unknownCodeWarnings(['s', 'du', 'category:user-fail', 'FP'])).toEqual([]);
    expect(unknownCodeWarnings(['fpp', 'FPP'])).toHaveLength(1);
  });
});
