/** The supply-chain rules of .github/workflows/: pinned actions and least privilege per job. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const workflows = readdirSync(DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => ({ name, text: readFileSync(path.join(DIR, name), 'utf8') }));

interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { permissions?: Record<string, string> }>;
}

describe.each(workflows)('$name', ({ text }) => {
  it('pins every action by full commit SHA, with its version in a comment', () => {
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    const remote = uses.filter((ref) => !ref.startsWith('./') && !ref.startsWith('docker://'));
    for (const ref of remote) {
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it('grants nothing at the top and names each job its permissions', () => {
    const workflow = yaml.load(text) as Workflow;
    expect(workflow.permissions).toEqual({});
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toBeDefined();
      expect(Object.values(job.permissions!).every((p) => p === 'read' || p === 'write')).toBe(
        true,
      );
    }
  });
});
