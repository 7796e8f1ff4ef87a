import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  main,
  parseActionMetadata,
  renderEnvInputs,
  renderInputsTable,
  renderOutputsTable,
  replaceBetween,
} from '../../script/generate-docs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const ACTION = `
name: Example
inputs:
  tenant:
    description: The tenant.
    required: true
  batch-size:
    description: >-
      Logs per request,
      1 to 100.
    default: '100'
  token:
    description: A token | or none.
    required: false
    default: \${{ github.token }}
  old-name:
    description: Use tenant.
    deprecationMessage: Replaced by tenant.
outputs:
  count:
    description: Logs sent.
`;

const README = `# Example

## Inputs

<!-- inputs:start -->
stale
<!-- inputs:end -->

## Outputs

<!-- outputs:start -->
<!-- outputs:end -->
`;

const ENV_EXAMPLE = `# Settings
# inputs:start
# inputs:end
`;

describe('action.yml metadata', () => {
  it('keeps the order of action.yml and reads required, default and deprecation', () => {
    const { inputs, outputs } = parseActionMetadata(ACTION);
    expect(inputs.map((input) => input.name)).toEqual([
      'tenant',
      'batch-size',
      'token',
      'old-name',
    ]);
    expect(inputs[0]).toMatchObject({ required: true, default: undefined });
    expect(inputs[1]).toMatchObject({ required: false, default: '100' });
    expect(inputs[1]!.description).toBe('Logs per request, 1 to 100.');
    expect(inputs[3]!.deprecationMessage).toBe('Replaced by tenant.');
    expect(outputs).toEqual([{ name: 'count', description: 'Logs sent.' }]);
  });

  it('refuses an input without a description, naming it', () => {
    expect(() => parseActionMetadata('inputs:\n  tenant:\n    required: true\n')).toThrow(
      "input 'tenant' has no description",
    );
  });

  it('refuses a required that is not a boolean', () => {
    expect(() =>
      parseActionMetadata("inputs:\n  tenant:\n    description: x\n    required: 'yes'\n"),
    ).toThrow("input 'tenant' has required: yes");
  });

  it('reads an action without outputs', () => {
    expect(parseActionMetadata('inputs:\n  a:\n    description: x\n').outputs).toEqual([]);
  });
});

describe('tables', () => {
  it('shows each input with required, default in code, and its description on one line', () => {
    const table = renderInputsTable(parseActionMetadata(ACTION).inputs);
    expect(table.split('\n')).toEqual([
      '| input | required | default | meaning |',
      '| --- | --- | --- | --- |',
      '| `tenant` | yes |  | The tenant. |',
      '| `batch-size` | no | `100` | Logs per request, 1 to 100. |',
      '| `token` | no | `${{ github.token }}` | A token \\| or none. |',
      '| `old-name` | no |  | **Deprecated:** Replaced by tenant. Use tenant. |',
    ]);
  });

  it('shows each output with its description', () => {
    expect(renderOutputsTable(parseActionMetadata(ACTION).outputs)).toContain(
      '| `count` | Logs sent. |',
    );
  });

  it('leaves optional inputs commented out in .env.example and a GitHub expression out', () => {
    const env = renderEnvInputs(parseActionMetadata(ACTION).inputs);
    expect(env).toContain('# tenant (required): The tenant.\nINPUT_TENANT=');
    expect(env).toContain('# INPUT_BATCH-SIZE=100');
    expect(env).toContain('# INPUT_TOKEN=\n');
    expect(env.split('\n').every((line) => line.length <= 100)).toBe(true);
  });
});

describe('markers', () => {
  it('replaces only what lies between the markers', () => {
    expect(
      replaceBetween('a\n<!-- s -->\nold\n<!-- e -->\nb', '<!-- s -->', '<!-- e -->', 'new', 'f'),
    ).toBe('a\n<!-- s -->\n\nnew\n\n<!-- e -->\nb');
  });

  it('fails when a marker is missing or repeated, rather than skipping the table', () => {
    expect(() =>
      replaceBetween('a <!-- s -->', '<!-- s -->', '<!-- e -->', 'x', 'README.md'),
    ).toThrow('README.md lacks the marker lines');
    expect(() =>
      replaceBetween(
        '<!-- s --><!-- e --><!-- s --><!-- e -->',
        '<!-- s -->',
        '<!-- e -->',
        'x',
        'f',
      ),
    ).toThrow('more than once');
  });
});

describe('generate-docs on a checkout', () => {
  let dir: string;
  let errors: string[];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'generate-docs-'));
    // Prettier finds the repository's settings next to the README it formats.
    await copyFile(path.join(ROOT, '.prettierrc.json'), path.join(dir, '.prettierrc.json'));
    await writeFile(path.join(dir, 'action.yml'), ACTION);
    await writeFile(path.join(dir, 'README.md'), README);
    await writeFile(path.join(dir, '.env.example'), ENV_EXAMPLE);
    errors = [];
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  const read = (file: string) => readFile(path.join(dir, file), 'utf8');

  it('--check fails on stale docs, names the file and the command, and writes nothing', async () => {
    expect(await main(['--check'], dir)).toBe(1);
    expect(errors).toContain('README.md is not what action.yml says.');
    expect(errors).toContain('.env.example is not what action.yml says.');
    expect(errors.at(-1)).toContain("Run 'npm run docs'");
    expect(await read('README.md')).toBe(README);
  });

  it('writes aligned tables, after which --check passes', async () => {
    expect(await main([], dir)).toBe(0);
    const readme = await read('README.md');
    expect(readme).not.toContain('stale');
    expect(readme).toContain('| `batch-size` | no       | `100`                 |');
    expect(await read('.env.example')).toContain('INPUT_TENANT=');
    expect(await main(['--check'], dir)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('--check fails again once action.yml gains an input', async () => {
    await main([], dir);
    await writeFile(
      path.join(dir, 'action.yml'),
      ACTION.replace(
        'inputs:\n',
        'inputs:\n  dry-run:\n    description: Send nothing.\n    default: "false"\n',
      ),
    );
    expect(await main(['--check'], dir)).toBe(1);
    await main([], dir);
    expect(await read('README.md')).toContain('`dry-run`');
  });

  it("the repository's README and .env.example match its action.yml", async () => {
    expect(await main(['--check'], ROOT)).toBe(0);
  });
});
