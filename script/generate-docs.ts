/**
 * Writes the parts of the docs that action.yml already says, so that they cannot drift from it:
 *
 *   README.md      the inputs and outputs tables, between <!-- inputs:start --> / <!-- inputs:end -->
 *                  and <!-- outputs:start --> / <!-- outputs:end -->
 *   .env.example   one INPUT_<NAME> line per input, between # inputs:start and # inputs:end
 *
 * Usage: tsx script/generate-docs.ts [--check]
 * With --check nothing is written; the exit code is 1 when a file is not what this script produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import * as prettier from 'prettier';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGENERATE = 'npm run docs';

export interface ActionInput {
  name: string;
  description: string;
  required: boolean;
  default?: string;
  deprecationMessage?: string;
}

export interface ActionOutput {
  name: string;
  description: string;
}

export interface ActionMetadata {
  inputs: ActionInput[];
  outputs: ActionOutput[];
}

/** Reads the inputs and outputs of an action.yml, in the order the file lists them. */
export function parseActionMetadata(text: string, file = 'action.yml'): ActionMetadata {
  const doc = yaml.load(text) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object') throw new Error(`${file} is not a YAML mapping`);
  return {
    inputs: entries(doc.inputs, `${file}: inputs`).map(([name, spec]) => {
      const where = `${file}: input '${name}'`;
      const required = spec.required ?? false;
      if (typeof required !== 'boolean') {
        throw new Error(`${where} has required: ${String(required)}; expected true or false`);
      }
      return {
        name,
        description: description(spec.description, where),
        required,
        default: spec.default === undefined ? undefined : scalar(spec.default, `${where} default`),
        deprecationMessage:
          spec.deprecationMessage === undefined
            ? undefined
            : scalar(spec.deprecationMessage, `${where} deprecationMessage`),
      };
    }),
    outputs: entries(doc.outputs, `${file}: outputs`).map(([name, spec]) => ({
      name,
      description: description(spec.description, `${file}: output '${name}'`),
    })),
  };
}

function entries(value: unknown, where: string): [string, Record<string, unknown>][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${where} is not a mapping`);
  return Object.entries(value as Record<string, unknown>).map(([name, spec]) => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      throw new Error(`${where}: '${name}' is not a mapping`);
    }
    return [name, spec as Record<string, unknown>];
  });
}

function description(value: unknown, where: string): string {
  const text = value === undefined ? '' : scalar(value, `${where} description`).trim();
  if (text === '') throw new Error(`${where} has no description; the docs are made from it`);
  return text;
}

function scalar(value: unknown, where: string): string {
  if (['string', 'number', 'boolean'].includes(typeof value)) return String(value);
  throw new Error(`${where} is not a string, number or boolean`);
}

/** A table cell: one line, pipes escaped (a literal block in action.yml may span lines). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** Inline code that survives backticks in the value (Markdown: a longer fence around it). */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderInputsTable(inputs: ActionInput[]): string {
  return table(
    ['input', 'required', 'default', 'meaning'],
    inputs.map((input) => [
      code(input.name),
      input.required ? 'yes' : 'no',
      input.default === undefined || input.default === '' ? '' : cell(code(input.default)),
      cell(
        input.deprecationMessage === undefined
          ? input.description
          : `**Deprecated:** ${input.deprecationMessage} ${input.description}`,
      ),
    ]),
  );
}

export function renderOutputsTable(outputs: ActionOutput[]): string {
  return table(
    ['output', 'meaning'],
    outputs.map((output) => [code(output.name), cell(output.description)]),
  );
}

/** The .env.example lines for the inputs: each one commented, with its default when it has one. */
export function renderEnvInputs(inputs: ActionInput[]): string {
  return inputs
    .map((input) => {
      const about = wrap(
        `${input.name}${input.required ? ' (required)' : ''}: ${input.description}`,
      );
      const value = input.default ?? '';
      // Inputs with a GitHub expression as default (github-token) are left to the real runner.
      const shown = value.includes('${{') ? '' : value;
      const line = `INPUT_${input.name.toUpperCase()}=${shown}`;
      // Required inputs are left to fill in; the others stay commented out at their default.
      return `${about}\n${input.required ? line : `# ${line}`}`;
    })
    .join('\n\n');
}

/** Comment lines of at most 100 characters, the width of the rest of the repository. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * Replaces what lies between two marker lines, keeping the markers. Fails when a marker is missing
 * or repeated, so that a hand edit that lost one is noticed rather than silently skipped.
 */
export function replaceBetween(
  text: string,
  start: string,
  end: string,
  content: string,
  file: string,
): string {
  const first = text.indexOf(start);
  const last = text.indexOf(end);
  if (first === -1 || last === -1 || last < first) {
    throw new Error(`${file} lacks the marker lines ${start} and ${end} (in that order)`);
  }
  if (text.indexOf(start, first + 1) !== -1 || text.indexOf(end, last + 1) !== -1) {
    throw new Error(`${file} has ${start} or ${end} more than once`);
  }
  return `${text.slice(0, first + start.length)}\n\n${content.trim()}\n\n${text.slice(last)}`;
}

/** Formats Markdown the way `prettier --check` in `npm run lint` expects it (aligned tables). */
async function formatMarkdown(markdown: string, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(markdown, { ...options, filepath: file, parser: 'markdown' });
}

export interface DocsFiles {
  readme: string;
  envExample: string;
}

/** What README.md and .env.example should hold, given action.yml and their current text. */
export async function renderDocs(
  actionYml: string,
  current: DocsFiles,
  root = ROOT,
): Promise<DocsFiles> {
  const action = parseActionMetadata(actionYml);
  const readmePath = path.join(root, 'README.md');
  const inputs = await formatMarkdown(renderInputsTable(action.inputs), readmePath);
  const outputs = await formatMarkdown(renderOutputsTable(action.outputs), readmePath);
  let readme = replaceBetween(
    current.readme,
    '<!-- inputs:start -->',
    '<!-- inputs:end -->',
    inputs,
    'README.md',
  );
  readme = replaceBetween(
    readme,
    '<!-- outputs:start -->',
    '<!-- outputs:end -->',
    outputs,
    'README.md',
  );
  const envExample = replaceBetween(
    current.envExample,
    '# inputs:start',
    '# inputs:end',
    renderEnvInputs(action.inputs),
    '.env.example',
  );
  return { readme, envExample };
}

const FILES = { readme: 'README.md', envExample: '.env.example' } as const;

/** Runs the generator on a checkout; returns the exit code. */
export async function main(args: string[], root = ROOT): Promise<number> {
  const check = args.includes('--check');
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const current: DocsFiles = { readme: read(FILES.readme), envExample: read(FILES.envExample) };
  const wanted = await renderDocs(read('action.yml'), current, root);
  const stale = (Object.keys(FILES) as (keyof DocsFiles)[]).filter(
    (key) => current[key] !== wanted[key],
  );

  if (check) {
    for (const key of stale) console.error(`${FILES[key]} is not what action.yml says.`);
    if (stale.length > 0) {
      console.error(`Run '${REGENERATE}' and commit the result.`);
      return 1;
    }
    console.log(`${Object.values(FILES).join(' and ')} match action.yml.`);
    return 0;
  }
  for (const key of stale) writeFileSync(path.join(root, FILES[key]), wanted[key]);
  console.log(
    stale.length > 0
      ? `Wrote ${stale.map((key) => FILES[key]).join(' and ')} from action.yml.`
      : `${Object.values(FILES).join(' and ')} already match action.yml.`,
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
