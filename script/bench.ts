/**
 * Benchmarks that print figures beside their goals and a baseline measured in the same run (no
 * pass/fail): the batcher on its own; a bare sequential checkpoint pager (the SDK in a from/take
 * loop, no puts) against the export by dist/ on the same emulated tenant, at 40 ms with no rate
 * limit and on an Enterprise bucket at 150 ms with another client of the tenant, each timed from its
 * first log request (the whole step's figure, start-up included, is printed beside); PutLogEvents calls
 * against the fewest the AWS limits allow; the main step's peak memory, with a tenant that answers at
 * once and at 40 ms, against the sequential reader on the same tenant; cold start against bare node;
 * and what redacting with `redact-fields: pii` and `hash` adds to the export's CPU time per 100,000
 * logs.
 *
 *   npm run bench                       # 60,000 logs a scenario, memory at 100,000
 *   BENCH_LOGS=20000 npm run bench      # a quicker look
 *   BENCH_MILLION=1 npm run bench       # also the peak memory at 1,000,000 logs (several minutes)
 *   BENCH_PARTS=speed npm run bench     # only some of: cold, speed, memory, redaction
 *   BENCH_ROUNDS=1 npm run bench        # one export at 40 ms rather than five, each with a pager run
 *                                       # of its own (the median is printed), and none with
 *                                       # NODE_OPTIONS='--max-semi-space-size=16' between
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenProvider } from 'auth0';
import { LogsClient } from 'auth0/logs';
import { splitIntoBatches, toPendingEvent } from '../src/cloudwatch/batcher.js';
import { createRedactor, parseRedaction } from '../src/logs/redact.js';
import { createTestTls, loadTestTls, type TestTls } from '../__tests__/emulators/tls.js';
import { Auth0Emulator, type Auth0EmulatorOptions } from '../__tests__/emulators/auth0.js';
import { TenantTraffic } from '../__tests__/emulators/tenant-traffic.js';
import { ActionsCacheEmulator } from '../__tests__/emulators/actions-cache.js';
import { ActionRun, NODE_BINARY, ROOT, actionManifest } from '../__tests__/e2e/runner.js';
import { CloudWatchThread } from './bench-cloudwatch.js';

const LOGS = Number(process.env.BENCH_LOGS ?? 60_000);
/** Exports run at 40 ms with no rate limit, against one pager run. */
const SPEED_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const HEAP_CAP_MIB = 64;
/** What the README offers a workflow that would rather be fast than small. */
const ROOMY_YOUNG_GENERATION = '--max-semi-space-size=16';
/** Node flags a workflow can set for the step: a small young generation and old space. */
const SMALL_HEAP = `--max-semi-space-size=1 --max-old-space-size=${HEAP_CAP_MIB}`;
const MEMORY_LOGS = [100_000, ...(process.env.BENCH_MILLION ? [1_000_000] : [])];
const DAY = 86_400_000;
const PER = 100_000;
/** DESIGN §10's budget for redaction: a share of the export's own CPU time. */
const REDACTION_GOAL = 0.1;
const REDACT_INPUTS = {
  'redact-fields': 'pii',
  'redact-method': 'hash',
  'redact-key': 'a-benchmark-key-of-enough-length',
};

interface Scenario {
  name: string;
  latencyMs: number;
  rateLimit: { limit: number; refillPerSecond: number };
  /** Requests a second sent by another client of the tenant during the run. */
  otherClient?: number;
}

const NO_LIMIT: Scenario = {
  name: '40 ms, no rate limit',
  latencyMs: 40,
  rateLimit: { limit: 100_000, refillPerSecond: 100_000 },
};
const ENTERPRISE: Scenario = {
  name: 'Enterprise bucket (50, 16/s), 150 ms, another client at 4 req/s',
  latencyMs: 150,
  rateLimit: { limit: 50, refillPerSecond: 16 },
  otherClient: 4,
};

function batcherBench(): void {
  const count = 200_000;
  const message = JSON.stringify({
    type: 's',
    description: 'Success Login',
    user_name: 'Zoë Łukasiewicz',
    details: 'x'.repeat(600),
  });
  const events = Array.from({ length: count }, (_, n) =>
    toPendingEvent(`900${String(n).padStart(53, '0')}`, 1_795_000_000_000 + n * 500, message),
  );
  const started = performance.now();
  const batches = splitIntoBatches(events);
  const ms = performance.now() - started;
  console.log(
    `batcher: ${count} events of ${Buffer.byteLength(message)} bytes into ${batches.length} batches in ${ms.toFixed(0)} ms (${rate(count, ms)} events/s)`,
  );
}

function perSecond(count: number, ms: number): number {
  return count / (ms / 1000);
}

function rate(count: number, ms: number): string {
  return Math.round(perSecond(count, ms)).toLocaleString('en');
}

async function tenant(tls: TestTls, scenario: Scenario, logs: number): Promise<Auth0Emulator> {
  const options: Auth0EmulatorOptions = {
    tls,
    rateLimit: scenario.rateLimit,
    latencyMs: scenario.latencyMs,
  };
  const auth0 = await Auth0Emulator.start(options);
  // A backlog over 12 days: batches are bound by the 1 MiB limit, not the 24-hour span.
  const spacing = Math.max(1, Math.floor((12 * DAY) / logs));
  auth0.generateLogs(logs, {
    start: new Date(Date.now() - logs * spacing - 60_000),
    spacingMs: spacing,
  });
  return auth0;
}

interface PagerResult {
  logs: number;
  ms: number;
  requests: number;
}

/**
 * The baseline: what reading alone costs one page after another, the SDK in a from/take loop with
 * its own 429 handling and nothing else (no filter, no batches, no puts).
 */
async function pager(auth0: Auth0Emulator, limit: number): Promise<PagerResult> {
  const tokens = new TokenProvider({
    domain: auth0.domain,
    clientId: 'test-client-id',
    clientSecret: 'test-client-secret',
    audience: `https://${auth0.domain}/api/v2/`,
  });
  const client = new LogsClient({
    baseUrl: `https://${auth0.domain}/api/v2`,
    token: () => tokens.getAccessToken(),
    maxRetries: 10,
  });
  await tokens.getAccessToken();
  let from = auth0.logs[0]!.log_id;
  let read = 1;
  let requests = 0;
  const started = performance.now();
  while (read < limit) {
    const page = await client.list(
      { page: null, per_page: null, include_totals: null },
      { queryParams: { from, take: 100 } },
    );
    requests += 1;
    const logs = page.response as unknown as { log_id: string }[];
    if (logs.length === 0) break;
    read += logs.length;
    from = logs[logs.length - 1]!.log_id;
  }
  return { logs: read, ms: performance.now() - started, requests };
}

interface ExportFigures {
  code: number | null;
  /** The whole main step, from its start to its exit. */
  ms: number;
  /**
   * From the tenant's first log request to the main step's exit: the reading and delivering, timed
   * as the pager is (from its first request, its token already at hand), without the start-up of
   * node, the relaunch, the checkpoint restore and the token request (the cold-start row's).
   */
  readingMs: number;
  exported: number;
  puts: number;
  /** The fewest PutLogEvents calls the AWS limits allow for the events stored. */
  minimumPuts: number;
  auth0Requests: number;
  peakRssMiB: number;
  /** CPU time of the main step: near its wall time, the export is bound by this machine's CPU. */
  cpuMs: number;
  /** CPU time of this process, which runs the emulators, over the same time. */
  emulatorCpuMs: number;
  /** Time the main step's main thread spent in garbage collection, and its full collections. */
  gcMs: number;
  majorGcs: number;
  other?: Record<number, number>;
  summary: string;
}

async function exportRun(
  dir: string,
  tls: TestTls,
  auth0: Auth0Emulator,
  scenario: Scenario,
  inputs: Record<string, string> = {},
  nodeOptions = '',
): Promise<ExportFigures> {
  const [cloudwatch, cache] = await Promise.all([
    CloudWatchThread.start(),
    ActionsCacheEmulator.start(),
  ]);
  const runDir = await mkdtemp(path.join(dir, 'run-'));
  const memoryFile = path.join(runDir, 'memory.jsonl');
  const declared = (await actionManifest()).inputs;
  const run = new ActionRun({
    inputs: {
      'auth0-domain': auth0.domain,
      'auth0-client-id': 'test-client-id',
      'auth0-client-secret': 'test-client-secret',
      'log-group': '/auth0/bench',
      'log-stream': 'bench',
      'aws-region': 'us-east-1',
      'aws-access-key-id': 'AKIDEXAMPLE000000001',
      'aws-secret-access-key': 'bench-secret',
      'max-duration': '1h',
      // Inputs this build of action.yml does not declare yet are left out.
      ...Object.fromEntries(Object.entries(inputs).filter(([name]) => name in declared)),
    },
    env: {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudwatch.endpoint,
      NODE_EXTRA_CA_CERTS: tls.caCertPath,
      NODE_OPTIONS: `--import=${path.join(ROOT, 'script/report-memory.mjs')} ${nodeOptions}`,
      REPORT_MEMORY_FILE: memoryFile,
      ...cache.env(),
    },
    runId: 1,
    workspace: path.join(runDir, 'workspace'),
    runnerTemp: path.join(runDir, 'temp'),
  });
  auth0.clearRequests();
  const other = scenario.otherClient
    ? TenantTraffic.start(auth0, { perSecond: scenario.otherClient })
    : undefined;
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const main = await run.main();
    const ms = performance.now() - started;
    const endedAt = Date.now();
    const cpu = process.cpuUsage(cpuBefore);
    await other?.stop();
    await run.post();
    await run.cleanup();
    const stored = await cloudwatch.figures('/auth0/bench', 'bench');
    const [usage] = (await readFile(memoryFile, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { maxRssKiB: number; cpuUs: number; gcMs: number; majorGcs: number },
      );
    // The emulator stamps each request on arrival with Date.now (its clock in this benchmark).
    const firstRead = auth0.requests.find(
      (request) => request.clientId === 'test-client-id' && request.path.endsWith('/logs'),
    );
    return {
      code: main.code,
      ms,
      readingMs: firstRead ? endedAt - firstRead.at : ms,
      exported: stored.events,
      puts: stored.puts,
      minimumPuts: stored.minimumPuts,
      auth0Requests: auth0.requests.filter((r) => r.clientId === 'test-client-id').length,
      peakRssMiB: usage!.maxRssKiB / 1024,
      cpuMs: usage!.cpuUs / 1000,
      emulatorCpuMs: (cpu.user + cpu.system) / 1000,
      gcMs: usage!.gcMs,
      majorGcs: usage!.majorGcs,
      other: other?.statuses(),
      summary: main.summary,
    };
  } finally {
    await other?.stop();
    await Promise.all([cloudwatch.close(), cache.close()]);
  }
}

/** Lines of the job summary that describe the reading, for the figures below. */
function auth0Lines(summary: string): string {
  return summary
    .split('\n')
    .filter((line) => /^The run took|fetched from Auth0/.test(line.replace(/^[| ]+/, '')))
    .slice(0, 6)
    .map((line) => `      | ${line.trim()}`)
    .join('\n');
}

async function speedBench(dir: string, tls: TestTls): Promise<void> {
  for (const [scenario, goal] of [
    [
      NO_LIMIT,
      (pagerRate: number) =>
        `goal: at least 3x the pager, ${Math.round(3 * pagerRate).toLocaleString('en')} logs/s`,
    ],
    [
      ENTERPRISE,
      () => 'goal: at least 1,080 logs/s (90% of the 12 requests/s the other client leaves)',
    ],
  ] as const) {
    console.log(`\n${scenario.name}, ${LOGS.toLocaleString('en')} logs:`);
    const forPager = await tenant(tls, scenario, LOGS);
    try {
      const other = scenario.otherClient
        ? TenantTraffic.start(forPager, { perSecond: scenario.otherClient })
        : undefined;
      let baseline: PagerResult;
      try {
        baseline = await pager(forPager, LOGS);
      } finally {
        await other?.stop();
      }
      const pagerRate = perSecond(baseline.logs, baseline.ms);
      console.log(
        `  pager (baseline): ${baseline.logs} logs in ${(baseline.ms / 1000).toFixed(1)} s, ${rate(baseline.logs, baseline.ms)} logs/s, ${baseline.requests} requests${other ? `; other client: ${JSON.stringify(other.statuses())}` : ''}`,
      );
      const auth0 = await tenant(tls, scenario, LOGS);
      try {
        const figures = await exportRun(dir, tls, auth0, scenario);
        const logsPerSecond = perSecond(figures.exported, figures.readingMs);
        console.log(
          `  export (dist/):   ${figures.exported} logs in ${(figures.readingMs / 1000).toFixed(1)} s from its first log request, ${rate(figures.exported, figures.readingMs)} logs/s = ${(logsPerSecond / pagerRate).toFixed(2)}x the pager (${goal(pagerRate)}); exit ${figures.code}`,
        );
        console.log(
          `    the whole step, its start-up included: ${(figures.ms / 1000).toFixed(1)} s, ${rate(figures.exported, figures.ms)} logs/s = ${(perSecond(figures.exported, figures.ms) / pagerRate).toFixed(2)}x the pager`,
        );
        console.log(
          `    Auth0 requests ${figures.auth0Requests}; PutLogEvents ${figures.puts} against a minimum of ${figures.minimumPuts} = ${(figures.puts / Math.max(1, figures.minimumPuts)).toFixed(3)}x (goal: at most 1.05x); peak RSS ${figures.peakRssMiB.toFixed(1)} MiB; CPU ${(figures.cpuMs / 1000).toFixed(1)} s (the emulators: ${(figures.emulatorCpuMs / 1000).toFixed(1)} s)`,
        );
        if (figures.other) {
          console.log(
            `    other client of the tenant: ${JSON.stringify(figures.other)} (goal: no 429)`,
          );
        }
        const lines = auth0Lines(figures.summary);
        if (lines) console.log(lines);
        // The 40 ms case is bound by how soon the main thread answers each response, so it moves
        // with the machine's load: more rounds give its spread and median. Each round after the
        // first pages the tenant again, so that an export is compared with a pager that met the
        // same machine, and also runs the step with a young generation of its own (the README's
        // speed-or-memory choice), alternating with the defaults.
        if (scenario === NO_LIMIT && SPEED_ROUNDS > 1) {
          const ratios = [logsPerSecond / pagerRate];
          const pagerRates = [pagerRate];
          const defaults: { run: ExportFigures; pagerRate: number }[] = [];
          const roomy: { run: ExportFigures; pagerRate: number }[] = [];
          const ratio = ({ run, pagerRate }: { run: ExportFigures; pagerRate: number }): number =>
            perSecond(run.exported, run.readingMs) / pagerRate;
          const wholeStep = [perSecond(figures.exported, figures.ms) / pagerRate];
          for (let round = 1; round < SPEED_ROUNDS; round += 1) {
            const paged = await pager(forPager, LOGS);
            const roundPagerRate = perSecond(paged.logs, paged.ms);
            pagerRates.push(roundPagerRate);
            const again = {
              run: await exportRun(dir, tls, auth0, scenario),
              pagerRate: roundPagerRate,
            };
            ratios.push(ratio(again));
            wholeStep.push(perSecond(again.run.exported, again.run.ms) / roundPagerRate);
            defaults.push(again);
            roomy.push({
              run: await exportRun(dir, tls, auth0, scenario, {}, ROOMY_YOUNG_GENERATION),
              pagerRate: roundPagerRate,
            });
          }
          console.log(
            `    ${SPEED_ROUNDS} rounds, each against its own pager run (${pagerRates.map((value) => rate(value, 1000)).join(', ')} logs/s): ${ratios.map((value) => `${value.toFixed(2)}x`).join(', ')}; median ${median(ratios).toFixed(2)}x the pager (goal: at least 3x); the whole step, its start-up included: ${wholeStep.map((value) => `${value.toFixed(2)}x`).join(', ')}, median ${median(wholeStep).toFixed(2)}x`,
          );
          for (const [name, runs] of [
            ['the defaults', defaults],
            [`NODE_OPTIONS='${ROOMY_YOUNG_GENERATION}'`, roomy],
          ] as const) {
            console.log(
              `    speed or memory, ${name} in the alternating rounds: median ${median(runs.map(ratio)).toFixed(2)}x the pager, peak RSS ${median(runs.map(({ run }) => run.peakRssMiB)).toFixed(0)} MiB, CPU ${(median(runs.map(({ run }) => run.cpuMs)) / 1000).toFixed(1)} s, ${median(runs.map(({ run }) => run.majorGcs))} full collections (medians of ${runs.length})`,
            );
          }
        }
      } finally {
        await auth0.close();
      }
    } finally {
      await forPager.close();
    }
  }
}

async function memoryBench(dir: string, tls: TestTls): Promise<void> {
  const scenario: Scenario = { name: 'memory', latencyMs: 0, rateLimit: NO_LIMIT.rateLimit };
  for (const count of MEMORY_LOGS) {
    const auth0 = await tenant(tls, scenario, count);
    try {
      const figures = await exportRun(dir, tls, auth0, scenario);
      const sequential = await exportRun(dir, tls, auth0, scenario, { 'max-concurrency': '1' });
      console.log(
        `\nmemory at ${count.toLocaleString('en')} logs: peak RSS of the main step ${mib(figures.peakRssMiB)}; the sequential reader (max-concurrency 1): ${mib(sequential.peakRssMiB)}${count >= 1_000_000 ? ' (goal: at most 150 MB, and no more than the sequential reader)' : ''}`,
      );
      // A tenant that answers at once: both readers are bound by this machine's CPU, and the pages
      // read ahead live long enough to be collected as old objects.
      for (const [name, run] of [
        ['the export', figures],
        ['the sequential reader', sequential],
      ] as const) {
        console.log(
          `  ${name}: ${run.exported} exported in ${(run.ms / 1000).toFixed(1)} s, ${rate(run.exported, run.ms)} logs/s; CPU ${(run.cpuMs / 1000).toFixed(1)} s; garbage collection ${(run.gcMs / 1000).toFixed(1)} s of the main thread, ${run.majorGcs} full collections`,
        );
      }
      // A small old space proves the working set bounded: an export that held the backlog in
      // memory would run out of heap long before the end. Set in NODE_OPTIONS, as a workflow can,
      // it also keeps the step from sizing its own heap (src/relaunch.ts).
      const capped = await exportRun(dir, tls, auth0, scenario, {}, SMALL_HEAP);
      console.log(
        `  with NODE_OPTIONS='${SMALL_HEAP}' in the step's env: exit ${capped.code}, ${capped.exported} exported in ${(capped.ms / 1000).toFixed(1)} s, peak RSS ${mib(capped.peakRssMiB)}`,
      );
    } finally {
      await auth0.close();
    }
  }
  // At 40 ms a request, where reading in segments is what makes the export faster: the pages read
  // ahead are then held while the head segment is read, rather than taken as soon as they come.
  const count = MEMORY_LOGS[0]!;
  const auth0 = await tenant(tls, NO_LIMIT, count);
  try {
    const figures = await exportRun(dir, tls, auth0, NO_LIMIT);
    const sequential = await exportRun(dir, tls, auth0, NO_LIMIT, { 'max-concurrency': '1' });
    console.log(
      `\nmemory at ${count.toLocaleString('en')} logs, ${NO_LIMIT.name}: peak RSS of the main step ${mib(figures.peakRssMiB)} (${rate(figures.exported, figures.ms)} logs/s); the sequential reader: ${mib(sequential.peakRssMiB)} (${rate(sequential.exported, sequential.ms)} logs/s)`,
    );
  } finally {
    await auth0.close();
  }
}

/** MiB, and the MB a goal in MB is read against. */
function mib(value: number): string {
  return `${value.toFixed(1)} MiB (${((value * 1_048_576) / 1e6).toFixed(0)} MB)`;
}

/** Pairs of cold starts: one takes 0.1 to 0.2 s, and one run of the machine can differ from the next by 20 ms. */
const COLD_SAMPLES = 21;

/** Wall time of a process that loads and exits. */
async function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(NODE_BINARY, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  return performance.now() - started;
}

/** Milliseconds with their sign: +12, -3. */
function signed(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${Math.abs(ms).toFixed(0)}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function coldStartBench(dir: string): Promise<void> {
  const timed = { PATH: process.env.PATH };
  // The memory instrument is loaded by every image of a process, and main is two (it relaunches
  // itself): so the times are taken without it, and the peaks in runs of their own.
  const measured = (file: string) => ({
    ...timed,
    NODE_OPTIONS: `--import=${path.join(ROOT, 'script/report-memory.mjs')}`,
    REPORT_MEMORY_FILE: path.join(dir, file),
  });
  const mainArgs = [path.join(ROOT, 'dist/main/index.js')];
  // With no inputs at all, main stops at its first input: what it loads before that is the cost.
  // Bare node and dist/main alternate, so that a change in the machine's load hits both alike.
  const bare: number[] = [];
  const main: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i += 1) {
    bare.push(await timeProcess(['-e', ''], timed));
    main.push(await timeProcess(mainArgs, timed));
  }
  for (let i = 0; i < 3; i += 1) {
    await timeProcess(['-e', ''], measured('bare.jsonl'));
    await timeProcess(mainArgs, measured('main.jsonl'));
  }
  const peak = async (file: string): Promise<number> =>
    Math.max(
      ...(await readFile(path.join(dir, file), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { maxRssKiB: number }).maxRssKiB / 1024),
    );
  const [bareMs, mainMs] = [median(bare), median(main)];
  // The spread of the pairs, so that a figure near the goal can be read against the noise.
  const extra = main.map((ms, i) => ms - bare[i]!).sort((a, b) => a - b);
  const quarter = Math.floor(extra.length / 4);
  console.log(
    `\ncold start to the first input (median of ${COLD_SAMPLES}, alternating): bare node ${bareMs.toFixed(0)} ms, ${(await peak('bare.jsonl')).toFixed(0)} MiB; dist/main ${mainMs.toFixed(0)} ms, ${(await peak('main.jsonl')).toFixed(0)} MiB: ${signed(mainMs - bareMs)} ms (goal: at most +150 ms); the middle half of the pairs' differences ${signed(extra[quarter]!)} to ${signed(extra[extra.length - 1 - quarter]!)} ms`,
  );
}

/** CPU milliseconds of `work`, the median of a few rounds so that one hiccup does not count. */
function cpuMs(work: () => void, rounds = 5): number {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

/**
 * What `redact-fields: pii` with `hash` costs per 100,000 logs: the pipeline turns each log into its
 * message with one JSON.stringify; with redaction it stringifies the redacted copy instead, so the
 * cost is the difference. Measured on the export's own logs, and again with every personal value
 * distinct (no two logs of one user, IP or browser), where no hash can be reused; then end to end,
 * an export with and one without redaction.
 */
async function redactionBench(dir: string, tls: TestTls): Promise<void> {
  const scenario: Scenario = { name: 'redaction', latencyMs: 0, rateLimit: NO_LIMIT.rateLimit };
  const auth0 = await tenant(tls, scenario, LOGS);
  try {
    const plain = await exportRun(dir, tls, auth0, scenario);
    const redacted = await exportRun(dir, tls, auth0, scenario, REDACT_INPUTS);
    const perHundredThousand = (figures: ExportFigures) => (figures.cpuMs * PER) / LOGS;
    const exportCpu = perHundredThousand(plain);
    const redaction = parseRedaction(
      {
        fields: REDACT_INPUTS['redact-fields'],
        method: REDACT_INPUTS['redact-method'],
        key: REDACT_INPUTS['redact-key'],
      },
      { fields: 'redact-fields', method: 'redact-method', key: 'redact-key' },
    )!;
    const logs = auth0.logs as readonly Record<string, unknown>[];
    const realistic = Array.from({ length: PER }, (_, n) => logs[n % logs.length]!);
    const distinct = realistic.map((log, n) => ({
      ...log,
      ip: `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`,
      user_name: `user${n}@example.com`,
      user_agent: `Browser/${n}.0`,
    }));
    const baseline = (batch: readonly Record<string, unknown>[]) => () => {
      for (const log of batch) JSON.stringify(log);
    };
    const redacting = (batch: readonly Record<string, unknown>[]) => () => {
      const redactor = createRedactor(redaction);
      for (const log of batch) JSON.stringify(redactor.redact(log));
    };
    const share = (ms: number) => (ms / exportCpu) * 100;
    console.log(
      `\nredaction: pii + hash per ${PER.toLocaleString('en')} logs, beside the export's CPU time of ${(exportCpu / 1000).toFixed(2)} s per ${PER.toLocaleString('en')} (goal: under ${REDACTION_GOAL * 100}%)`,
    );
    for (const [label, batch] of [
      ["the export's logs", realistic],
      ['every personal value distinct', distinct],
    ] as const) {
      const unredacted = cpuMs(baseline(batch));
      const cost = cpuMs(redacting(batch)) - unredacted;
      console.log(
        `  ${label}: ${cost.toFixed(0)} ms CPU (${share(cost).toFixed(1)}% of the export's; JSON.stringify alone ${unredacted.toFixed(0)} ms)`,
      );
    }
    const added = perHundredThousand(redacted) - exportCpu;
    console.log(
      `  end to end, pii + hash added ${(added / 1000).toFixed(2)} s CPU per ${PER.toLocaleString('en')} logs, ${((added / exportCpu) * 100).toFixed(1)}% of the export's (two runs, so run-to-run noise included; the figure measured in-process above is the precise one)`,
    );
  } finally {
    await auth0.close();
  }
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'auth0-cw-bench-'));
try {
  if (process.env.BENCH_TLS_DIR) {
    batcherBench();
    const tls = loadTestTls(process.env.BENCH_TLS_DIR);
    const parts = (process.env.BENCH_PARTS ?? 'cold,speed,memory,redaction').split(',');
    if (parts.includes('cold')) await coldStartBench(dir);
    if (parts.includes('speed')) await speedBench(dir, tls);
    if (parts.includes('memory')) await memoryBench(dir, tls);
    if (parts.includes('redaction')) await redactionBench(dir, tls);
  } else {
    // Node reads NODE_EXTRA_CA_CERTS only at start-up, and the pager and the tenant's other client
    // run in this process: start again, trusting the test certificate authority.
    const tlsDir = path.join(dir, 'tls');
    const tls = await createTestTls(tlsDir);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caCertPath, BENCH_TLS_DIR: tlsDir },
        stdio: 'inherit',
      });
      child.on('exit', resolve);
    });
    process.exitCode = code ?? 1;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
