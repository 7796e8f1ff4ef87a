import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_CATEGORIES, LOG_TYPE_CATALOG } from '../../src/logs/log-type-catalog.js';

const SCHEMA_DIR = fileURLToPath(
  new URL('../../third_party/auth0-log-schemas/schemas/log-types/', import.meta.url),
);
const schemaCodes = readdirSync(SCHEMA_DIR)
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => file.slice(0, -'.schema.json'.length));

const byCode = new Map(LOG_TYPE_CATALOG.map((info) => [info.code, info]));
const entry = (code: string) => {
  const info = byCode.get(code);
  if (info === undefined) throw new Error(`${code} is not in the catalog`);
  return info;
};

// Codes Auth0 documented once and the extension knew; its users may still list them in LOG_TYPES.
const RETIRED = [
  'admin_update_launch',
  'coff',
  'con',
  'du',
  'fapi',
  'gd_module_switch',
  'gd_user_delete',
  'limit_ui',
  'scph',
  'sys_os_update_end',
  'sys_os_update_start',
  'sys_update_end',
  'sys_update_start',
];
// In Auth0's log event type table but without a schema file.
const DOCUMENTED_WITHOUT_SCHEMA = [
  'fc',
  'gd_auth_fail_email_verification',
  'gd_recovery_rate_limit_exceed',
  'gd_send_email_verification_failure',
  'signup_pwd_leak',
  'too_many_records',
];

describe('log type catalog', () => {
  it('holds every code of the vendored schemas', () => {
    expect(schemaCodes).toHaveLength(166);
    expect(schemaCodes.filter((code) => !byCode.has(code))).toEqual([]);
  });

  it('holds the retired codes and the documented codes that have no schema', () => {
    for (const code of RETIRED) {
      expect(entry(code)).toMatchObject({ retired: true, knownToExtension: true });
    }
    for (const code of DOCUMENTED_WITHOUT_SCHEMA) expect(entry(code).retired).toBe(false);
  });

  it('holds nothing beyond the schemas, the documented codes and the retired ones', () => {
    expect(LOG_TYPE_CATALOG).toHaveLength(
      schemaCodes.length + DOCUMENTED_WITHOUT_SCHEMA.length + RETIRED.length,
    );
  });

  it('lists each code once, in lower case, in code order', () => {
    const codes = LOG_TYPE_CATALOG.map((info) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^[a-z0-9_]+$/.test(code))).toBe(true);
    expect(codes).toEqual([...codes].sort());
  });

  it('gives every code a name, a description, a known category and a level from 0 to 4', () => {
    for (const info of LOG_TYPE_CATALOG) {
      expect(info.name, info.code).not.toBe('');
      expect(info.description, info.code).not.toBe('');
      expect(LOG_CATEGORIES, info.code).toContain(info.category);
      expect([0, 1, 2, 3, 4], info.code).toContain(info.level);
    }
  });

  it("keeps the extension's level for the 98 codes it knew, so a migrated LOG_LEVEL selects the same", () => {
    const known = LOG_TYPE_CATALOG.filter((info) => info.knownToExtension);
    expect(known).toHaveLength(98);
    const countAt = (level: number) => known.filter((info) => info.level === level).length;
    expect([0, 1, 2, 3, 4].map(countAt)).toEqual([0, 47, 5, 40, 6]);
    expect(entry('fcpro').level).toBe(4);
    expect(entry('limit_wc').level).toBe(4);
    expect(entry('w').level).toBe(2);
    expect(entry('ssa').level).toBe(1);
    // The extension rated a deleted user an error; migrated filters must behave the same.
    expect(entry('du').level).toBe(3);
  });

  it('marks the 83 schema codes the extension did not know', () => {
    expect(schemaCodes.filter((code) => !entry(code).knownToExtension)).toHaveLength(83);
    expect(entry('pla').knownToExtension).toBe(false);
    expect(entry('si').knownToExtension).toBe(false);
  });

  it('derives a level for codes the extension did not know from what they report', () => {
    expect(entry('limit_sul').level).toBe(4); // a block
    expect(entry('limit_phone').level).toBe(4);
    expect(entry('fdeac').level).toBe(3); // dashboard filter: Error
    expect(entry('fi').level).toBe(3); // a failure
    expect(entry('api_limit_warning').level).toBe(2);
    expect(entry('wn').level).toBe(2);
    expect(entry('si').level).toBe(1); // a success
    expect(entry('pla').level).toBe(1); // informational
    // Auth0 files this failure under auth-token-exchange-success; its level follows the failure.
    expect(entry('feta')).toMatchObject({ category: 'auth-token-exchange-success', level: 3 });
  });

  it("carries Auth0's log-stream category and dashboard filter", () => {
    expect(entry('fp')).toMatchObject({ category: 'auth-login-fail', dashboardFilter: 'error' });
    expect(entry('sapi')).toMatchObject({
      category: 'management-success',
      dashboardFilter: 'success',
    });
    expect(entry('depnote').dashboardFilter).toBe('warning');
    expect(entry('pla').dashboardFilter).toBeUndefined();
    expect(entry('du').category).toBe('other');
  });
});
