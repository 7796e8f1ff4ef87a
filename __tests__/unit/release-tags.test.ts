import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  changelogSection,
  checkNextTag,
  checkRelease,
  latestTag,
  majorTag,
  parseTag,
} from '../../script/release-tags.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CHANGELOG = `# Changelog

Intro.

## [Unreleased]

### Fixed

- Something after 1.1.0.

## [1.1.0] - 2026-12-20

### Added

- \`dry-run\`.

## [1.0.0] - 2026-12-01

- First release.

## [0.9.0]

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
[1.1.0]: https://example.com/releases/tag/v1.1.0
`;

const pkg = (version: string) => JSON.stringify({ name: 'x', version });

describe('release tags', () => {
  it('reads vMAJOR.MINOR.PATCH', () => {
    expect(parseTag('v1.0.0')).toEqual({ major: 1, minor: 0, patch: 0 });
    expect(parseTag('v12.3.45')).toEqual({ major: 12, minor: 3, patch: 45 });
  });

  it.each(['1.0.0', 'v1', 'v1.0', 'v01.0.0', 'v1.0.0-rc.1', 'v1.0.0+build', ' v1.0.0', 'v1.0.0\n'])(
    'refuses %j, saying what a release tag looks like',
    (tag) => {
      expect(() => parseTag(tag)).toThrow('expected vMAJOR.MINOR.PATCH such as v1.0.0');
    },
  );

  it('names the major tag users pin', () => {
    expect(majorTag('v1.4.2')).toBe('v1');
    expect(majorTag('v2.0.0')).toBe('v2');
  });

  it('finds the newest release tag by version, not by text, ignoring major tags', () => {
    expect(latestTag(['v1', 'v1.2.0', 'v1.10.0', 'v1.9.3', 'latest'])).toBe('v1.10.0');
    expect(latestTag(['v1'])).toBeUndefined();
    expect(latestTag([])).toBeUndefined();
  });

  it('accepts any first release, and one step on from the latest', () => {
    expect(() => checkNextTag('v1.0.0', [])).not.toThrow();
    for (const next of ['v1.2.4', 'v1.3.0', 'v2.0.0']) {
      expect(() => checkNextTag(next, ['v1', 'v1.2.3', 'v1.1.0'])).not.toThrow();
    }
  });

  it('refuses a tag that exists, goes back, or skips versions', () => {
    const tags = ['v1', 'v1.2.3'];
    expect(() => checkNextTag('v1.2.3', tags)).toThrow('exists already');
    expect(() => checkNextTag('v1.2.2', tags)).toThrow('not newer than the latest release, v1.2.3');
    expect(() => checkNextTag('v1.2.5', tags)).toThrow(
      'skips versions after v1.2.3; expected one of v1.2.4, v1.3.0, v2.0.0',
    );
    expect(() => checkNextTag('v3.0.0', tags)).toThrow('skips versions');
  });
});

describe('changelog sections', () => {
  it("extracts one version's section up to the next heading, with its date", () => {
    expect(changelogSection(CHANGELOG, '1.1.0')).toEqual({
      date: '2026-12-20',
      body: '### Added\n\n- `dry-run`.',
    });
    expect(changelogSection(CHANGELOG, '1.0.0')).toEqual({
      date: '2026-12-01',
      body: '- First release.',
    });
  });

  it('stops at the link references after the last section', () => {
    const last = '## [1.0.0] - 2026-12-01\n\n- First.\n\n[1.0.0]: https://example.com\n';
    expect(changelogSection(last, '1.0.0').body).toBe('- First.');
  });

  it('matches the version exactly, dots included', () => {
    expect(() => changelogSection(CHANGELOG, '1.1.1')).toThrow('no section "## [1.1.1]"');
    expect(() => changelogSection('## [1x0x0] - 2026-12-01\n\n- a\n', '1.0.0')).toThrow(
      'no section',
    );
  });

  it('refuses an empty section, and reports an undated one', () => {
    expect(() => changelogSection(CHANGELOG, '0.9.0')).toThrow('section for 0.9.0 is empty');
    expect(changelogSection('## [2.0.0]\n\n- planned\n', '2.0.0').date).toBeUndefined();
  });
});

describe('a release is ready', () => {
  it('when package.json has the version and the changelog a dated section; returns the major tag', () => {
    expect(checkRelease('v1.1.0', pkg('1.1.0'), CHANGELOG)).toBe('v1');
  });

  it('not when package.json has another version', () => {
    expect(() => checkRelease('v1.1.0', pkg('1.0.0'), CHANGELOG)).toThrow(
      'package.json has the version 1.0.0, not 1.1.0',
    );
  });

  it('not when the section is missing or undated', () => {
    expect(() => checkRelease('v1.2.0', pkg('1.2.0'), CHANGELOG)).toThrow('no section');
    expect(() => checkRelease('v2.0.0', pkg('2.0.0'), '## [2.0.0]\n\n- planned\n')).toThrow(
      'has no date: write "## [2.0.0] - YYYY-MM-DD"',
    );
  });

  it("the repository's package.json version has a CHANGELOG.md section", () => {
    const version = (
      JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }
    ).version;
    const changelog = readFileSync(`${ROOT}/CHANGELOG.md`, 'utf8');
    expect(changelogSection(changelog, version).body).toContain('### Added');
    expect(changelog).toContain('## [Unreleased]');
  });
});
