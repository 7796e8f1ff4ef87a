/**
 * Benchmarks that print figures (no pass/fail): the batcher on its own; a whole export of a large
 * backlog by dist/ against the loopback emulators, with the main step's peak memory and CPU time;
 * and what redacting with `redact-fields: pii` and `hash` adds to that CPU time per 100,000 logs.
 *
 *   npm run bench                 # 50,000 logs
 *   BENCH_LOGS=200000 npm run bench
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { splitIntoBatches, toPendingEvent } from '../src/cloudwatch/batcher.js';
import { createRedactor, parseRedaction } from '../src/logs/redact.js';
import { createTestTls } from '../__tests__/emulators/tls.js';
import { Auth0Emulator } from '../__tests__/emulators/auth0.js';
import { CloudWatchEmulator } from '../__tests__/emulators/cloudwatch.js';
import { ActionsCacheEmulator } from '../__tests__/emulators/actions-cache.js';
import { ActionRun, ROOT } from '../__tests__/e2e/runner.js';

const LOGS = Number(process.env.BENCH_LOGS ?? 50_000);
const HEAP_CAP_MIB = 64;
const PER = 100_000;
/** DESIGN §10's budget for redaction: a share of the export's own CPU time. */
const REDACTION_GOAL = 0.1;

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
    `batcher: ${count} events of ${Buffer.byteLength(message)} bytes into ${batches.length} batches in ${ms.toFixed(0)} ms (${Math.round(count / (ms / 1000)).toLocaleString('en')} events/s)`,
  );
}

interface ExportFigures {
  /** CPU time (user + system) of the main step per 100,000 logs. */
  cpuMsPerHundredThousand: number;
  logs: readonly Record<string, unknown>[];
}

const REDACT_INPUTS = {
  'redact-fields': 'pii',
  'redact-method': 'hash',
  'redact-key': 'a-benchmark-key-of-enough-length',
};

async function exportBench(
  label = 'export',
  extraInputs: Record<string, string> = {},
): Promise<ExportFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'auth0-cw-bench-'));
  const tls = await createTestTls(path.join(dir, 'tls'));
  const [auth0, cloudwatch, cache] = await Promise.all([
    Auth0Emulator.start({ tls, rateLimit: { limit: 1_000, refillPerSecond: 1_000 } }),
    CloudWatchEmulator.start(),
    ActionsCacheEmulator.start(),
  ]);
  const spacing = Math.max(1, Math.floor((12 * 86_400_000) / LOGS));
  auth0.generateLogs(LOGS, {
    start: new Date(Date.now() - LOGS * spacing - 60_000),
    spacingMs: spacing,
  });
  const memoryFile = path.join(dir, 'memory.jsonl');
  try {
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
        ...extraInputs,
      },
      env: {
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudwatch.endpoint,
        NODE_EXTRA_CA_CERTS: tls.caCertPath,
        // A small heap cap proves the working set is bounded: an export that held the backlog in
        // memory would run out of heap long before the end.
        NODE_OPTIONS: `--import=${path.join(ROOT, 'script/report-memory.mjs')} --max-old-space-size=${HEAP_CAP_MIB}`,
        REPORT_MEMORY_FILE: memoryFile,
        ...cache.env(),
      },
      runId: 1,
      workspace: path.join(dir, 'workspace'),
      runnerTemp: path.join(dir, 'temp'),
    });
    const started = performance.now();
    const main = await run.main();
    const ms = performance.now() - started;
    await run.post();
    await run.cleanup();
    const events = cloudwatch.events('/auth0/bench', 'bench');
    const puts = cloudwatch.calls.filter((call) => call.operation === 'PutLogEvents').length;
    const bytes = events.reduce((sum, event) => sum + Buffer.byteLength(event.message), 0);
    const [usage] = (await readFile(memoryFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { maxRssKiB: number; cpuUs: number });
    const peak = usage!.maxRssKiB;
    const cpuMs = usage!.cpuUs / 1000;
    console.log(
      `${label}: ${LOGS} logs (${(bytes / 1_048_576).toFixed(1)} MiB of messages, spanning ${((LOGS * spacing) / 86_400_000).toFixed(1)} days)`,
    );
    console.log(
      `  main step: exit ${main.code}, ${(ms / 1000).toFixed(1)} s, ${Math.round(LOGS / (ms / 1000)).toLocaleString('en')} logs/s`,
    );
    console.log(
      `  stored ${events.length} events in ${puts} PutLogEvents calls (${Math.round(events.length / Math.max(1, puts))} events per put); Auth0 requests: ${auth0.requests.length}`,
    );
    console.log(
      `  peak resident memory of the main step: ${(peak / 1024).toFixed(1)} MiB (old-space heap capped at ${HEAP_CAP_MIB} MiB)`,
    );
    const cpuMsPerHundredThousand = (cpuMs * PER) / LOGS;
    console.log(
      `  CPU time of the main step: ${(cpuMs / 1000).toFixed(1)} s, ${(cpuMsPerHundredThousand / 1000).toFixed(2)} s per ${PER.toLocaleString('en')} logs`,
    );
    return { cpuMsPerHundredThousand, logs: auth0.logs };
  } finally {
    await Promise.all([auth0.close(), cloudwatch.close(), cache.close()]);
    await rm(dir, { recursive: true, force: true });
  }
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
 * distinct (no two logs of one user, IP or browser), where no hash can be reused.
 */
function redactionBench(exported: ExportFigures): void {
  const redaction = parseRedaction(
    {
      fields: REDACT_INPUTS['redact-fields'],
      method: REDACT_INPUTS['redact-method'],
      key: REDACT_INPUTS['redact-key'],
    },
    { fields: 'redact-fields', method: 'redact-method', key: 'redact-key' },
  )!;
  const cycle = (n: number) => exported.logs[n % exported.logs.length]!;
  const realistic = Array.from({ length: PER }, (_, n) => cycle(n));
  const distinct = realistic.map((log, n) => ({
    ...log,
    ip: `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`,
    user_name: `user${n}@example.com`,
    user_agent: `Browser/${n}.0`,
  }));
  const baseline = (logs: readonly Record<string, unknown>[]) => () => {
    for (const log of logs) JSON.stringify(log);
  };
  const redacted = (logs: readonly Record<string, unknown>[]) => () => {
    const redactor = createRedactor(redaction);
    for (const log of logs) JSON.stringify(redactor.redact(log));
  };
  const share = (ms: number) => (ms / exported.cpuMsPerHundredThousand) * 100;
  console.log(
    `redaction: pii + hash per ${PER.toLocaleString('en')} logs, beside the export's CPU time of ${(exported.cpuMsPerHundredThousand / 1000).toFixed(2)} s per ${PER.toLocaleString('en')} (goal: under ${REDACTION_GOAL * 100}%)`,
  );
  for (const [label, logs] of [
    ["the export's logs", realistic],
    ['every personal value distinct', distinct],
  ] as const) {
    const plain = cpuMs(baseline(logs));
    const cost = cpuMs(redacted(logs)) - plain;
    console.log(
      `  ${label}: ${cost.toFixed(0)} ms CPU (${share(cost).toFixed(1)}% of the export's; JSON.stringify alone ${plain.toFixed(0)} ms)`,
    );
  }
}

batcherBench();
const plain = await exportBench();
redactionBench(plain);
const redacted = await exportBench('export with redact-fields: pii, hash', REDACT_INPUTS);
const added = redacted.cpuMsPerHundredThousand - plain.cpuMsPerHundredThousand;
console.log(
  `  end to end, pii + hash added ${(added / 1000).toFixed(2)} s CPU per ${PER.toLocaleString('en')} logs, ${((added / plain.cpuMsPerHundredThousand) * 100).toFixed(1)}% of the export's (two runs, so run-to-run noise included; the figure measured in-process above is the precise one)`,
);
