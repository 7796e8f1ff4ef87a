/**
 * What a release is made of: a `vX.Y.Z` tag, the major tag (`v1`) users pin, and the CHANGELOG.md
 * section the GitHub release shows. script/release and .github/workflows/release.yml both call it:
 *
 *   tsx script/release-tags.ts latest                 the newest vX.Y.Z tag in this clone, if any
 *   tsx script/release-tags.ts next vX.Y.Z            fails unless the tag may follow the existing
 *                                                     ones; prints its major tag
 *   tsx script/release-tags.ts check vX.Y.Z           fails unless package.json and CHANGELOG.md are
 *                                                     ready for that release; prints its major tag
 *   tsx script/release-tags.ts notes vX.Y.Z           prints the release's CHANGELOG.md section
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export class ReleaseError extends Error {}

const TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** `v1.2.3` -> 1.2.3. Pre-releases and build metadata are refused: users pin v1 or vX.Y.Z. */
export function parseTag(tag: string): Version {
  const match = TAG.exec(tag);
  if (!match) {
    throw new ReleaseError(
      `${JSON.stringify(tag)} is not a release tag; expected vMAJOR.MINOR.PATCH such as v1.0.0 (no leading zeros, no pre-release suffix).`,
    );
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** The tag users pin to get every compatible release: `v1` for v1.4.2. */
export function majorTag(tag: string): string {
  return `v${parseTag(tag).major}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The newest release tag among `tags`; other tags (`v1`, `latest`) are ignored. */
export function latestTag(tags: string[]): string | undefined {
  return tags
    .filter((tag) => TAG.test(tag))
    .sort((a, b) => compareVersions(parseTag(a), parseTag(b)))
    .at(-1);
}

/**
 * Checks that `tag` may follow the tags that exist: new, newer than the latest, and one step on
 * (1.2.3 -> 1.2.4, 1.3.0 or 2.0.0), so that no version number is skipped by a typo.
 */
export function checkNextTag(tag: string, existing: string[]): void {
  const next = parseTag(tag);
  if (existing.includes(tag)) throw new ReleaseError(`The tag ${tag} exists already.`);
  const latest = latestTag(existing);
  if (latest === undefined) return;
  const last = parseTag(latest);
  if (compareVersions(next, last) <= 0) {
    throw new ReleaseError(`${tag} is not newer than the latest release, ${latest}.`);
  }
  const steps = [
    { major: last.major, minor: last.minor, patch: last.patch + 1 },
    { major: last.major, minor: last.minor + 1, patch: 0 },
    { major: last.major + 1, minor: 0, patch: 0 },
  ];
  if (!steps.some((step) => compareVersions(step, next) === 0)) {
    throw new ReleaseError(
      `${tag} skips versions after ${latest}; expected one of ${steps.map((s) => `v${formatVersion(s)}`).join(', ')}.`,
    );
  }
}

export interface ChangelogSection {
  /** The heading's date, `YYYY-MM-DD`, or undefined when the section is not dated yet. */
  date?: string;
  /** The section's text without its heading, trimmed. */
  body: string;
}

/**
 * The section of a Keep a Changelog file for one version: from `## [1.0.0] - 2026-12-01` to the
 * next `## ` heading (or the link references at the end).
 */
export function changelogSection(changelog: string, version: string): ChangelogSection {
  const lines = changelog.split('\n');
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](.*)$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) throw new ReleaseError(`CHANGELOG.md has no section "## [${version}]".`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /.test(line) || /^\[[^\]]+\]:\s/.test(line));
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  if (body === '') throw new ReleaseError(`CHANGELOG.md's section for ${version} is empty.`);
  const date = /^\s*-\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(heading.exec(lines[start]!)![1]!)?.[1];
  return { date, body };
}

/**
 * Everything a release needs from the files: package.json at the version, and a dated, non-empty
 * CHANGELOG.md section for it. Returns the major tag to move.
 */
export function checkRelease(tag: string, packageJson: string, changelog: string): string {
  const version = formatVersion(parseTag(tag));
  const declared = (JSON.parse(packageJson) as { version?: string }).version;
  if (declared !== version) {
    throw new ReleaseError(
      `package.json has the version ${String(declared)}, not ${version}: set it, commit, then tag.`,
    );
  }
  const section = changelogSection(changelog, version);
  if (section.date === undefined) {
    throw new ReleaseError(
      `CHANGELOG.md's heading for ${version} has no date: write "## [${version}] - YYYY-MM-DD", commit, then tag.`,
    );
  }
  return majorTag(tag);
}

function gitTags(root: string): string[] {
  return execFileSync('git', ['tag', '--list', 'v*'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** The command line; returns the exit code. */
export function main(args: string[], root = ROOT): number {
  const [command, tag = ''] = args;
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  try {
    switch (command) {
      case 'latest':
        console.log(latestTag(gitTags(root)) ?? '');
        return 0;
      case 'next':
        checkNextTag(tag, gitTags(root));
        console.log(majorTag(tag));
        return 0;
      case 'check':
        console.log(checkRelease(tag, read('package.json'), read('CHANGELOG.md')));
        return 0;
      case 'notes':
        console.log(changelogSection(read('CHANGELOG.md'), formatVersion(parseTag(tag))).body);
        return 0;
      default:
        console.error('Usage: tsx script/release-tags.ts latest | next|check|notes vX.Y.Z');
        return 2;
    }
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
