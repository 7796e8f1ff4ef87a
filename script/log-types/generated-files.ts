/**
 * The last step of both generators (`npm run generate:log-types`): write the files, or with
 * `--check` (in `.ci/run`) fail when a committed file is not what the generator produces.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REGENERATE = 'npm run generate:log-types';

/** Writes `outputs` (paths relative to the repository, and their text), or checks them; `what` ends the report. */
export function writeOrCheck(outputs: Map<string, string>, check: boolean, what: string): void {
  const names = [...outputs.keys()].join(' and ');
  if (check) {
    const stale = [...outputs].filter(([file, text]) => readIfExists(file) !== text);
    for (const [file] of stale) console.error(`${file} is not what the generator produces.`);
    if (stale.length > 0) {
      console.error(`Run '${REGENERATE}' and commit the result.`);
      process.exit(1);
    }
    console.log(`${names} are up to date (${what}).`);
    return;
  }
  for (const [file, text] of outputs) {
    mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    writeFileSync(path.join(ROOT, file), text);
  }
  console.log(`Wrote ${names} (${what}).`);
}

function readIfExists(file: string): string | undefined {
  const full = path.join(ROOT, file);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
}
