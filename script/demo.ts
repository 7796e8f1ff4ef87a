/**
 * A demo export on this machine: starts loopback emulators of Auth0 (HTTPS), CloudWatch Logs and
 * metrics, and the Actions cache, runs the built action (dist/) as the GitHub runner would, twice,
 * then once more with a revoked client secret, and prints the job summaries, the first events of
 * the stream and the metrics of each run.
 *
 *   npm install && npm run demo
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestTls } from '../__tests__/emulators/tls.js';
import { Auth0Emulator } from '../__tests__/emulators/auth0.js';
import { CloudWatchEmulator } from '../__tests__/emulators/cloudwatch.js';
import { CloudWatchMetricsEmulator } from '../__tests__/emulators/cloudwatch-metrics.js';
import { ActionsCacheEmulator } from '../__tests__/emulators/actions-cache.js';
import { SlackWebhookEmulator } from '../__tests__/emulators/slack.js';
import { ActionRun, NODE_BINARY, ROOT } from '../__tests__/e2e/runner.js';

const LOGS = Number(process.env.DEMO_LOGS ?? 3_000);
const GROUP = '/auth0/demo';
const STREAM = 'acme-tenant';

const dir = await mkdtemp(path.join(os.tmpdir(), 'auth0-cw-demo-'));
const tls = await createTestTls(path.join(dir, 'tls'));
const [auth0, cloudwatch, metrics, cache, slack] = await Promise.all([
  Auth0Emulator.start({ tls }),
  CloudWatchEmulator.start(),
  CloudWatchMetricsEmulator.start(),
  ActionsCacheEmulator.start(),
  SlackWebhookEmulator.start(),
]);
/**
 * Set (npm run examples) to write the first run's summary and Slack message, and the failed run's
 * summary, into docs/examples.
 */
const examplesDir = process.env.DEMO_EXAMPLES_DIR;
auth0.generateLogs(LOGS, { start: new Date(Date.now() - LOGS * 2_000 - 60_000), spacingMs: 2_000 });
const memoryFile = path.join(dir, 'memory.jsonl');

async function run(runId: number, overrides: Record<string, string> = {}) {
  const action = new ActionRun({
    inputs: {
      'auth0-domain': auth0.domain,
      'auth0-client-id': 'test-client-id',
      'auth0-client-secret': 'test-client-secret',
      'log-group': GROUP,
      'log-stream': STREAM,
      'aws-region': 'eu-west-1',
      'aws-access-key-id': 'AKIDEXAMPLE000000001',
      'aws-secret-access-key': 'demo-secret-access-key',
      'retention-days': '30',
      'slack-webhook-url': slack.url,
      'slack-send-success': 'true',
      'metrics-namespace': 'Auth0/LogExport',
      ...overrides,
    },
    env: {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudwatch.endpoint,
      ...metrics.env(),
      NODE_EXTRA_CA_CERTS: tls.caCertPath,
      NODE_OPTIONS: `--import=${path.join(ROOT, 'script/report-memory.mjs')}`,
      REPORT_MEMORY_FILE: memoryFile,
      ...cache.env(),
    },
    runId,
    workspace: path.join(dir, 'workspace'),
    runnerTemp: path.join(dir, 'temp'),
  });
  const started = Date.now();
  const main = await action.main();
  const post = await action.post();
  await action.cleanup();
  return { main, post, ms: Date.now() - started };
}

try {
  console.log(
    `Demo: ${LOGS} logs in an emulated tenant at https://${auth0.domain}; running dist/ on ${NODE_BINARY === process.execPath ? 'this Node' : 'Node 24'}`,
  );
  const first = await run(101);
  auth0.generateLogs(250, { start: new Date(Date.now() - 30_000), spacingMs: 100 });
  const second = await run(102);
  // The client secret was rotated in Auth0 but not in the repository's secrets.
  auth0.generateLogs(40, { start: new Date(Date.now() - 2_000), spacingMs: 50 });
  const failed = await run(103, { 'auth0-client-secret': 'revoked-client-secret' });

  for (const [label, result] of [
    ['First run', first],
    ['Second run (250 new logs)', second],
    ['Third run (a revoked client secret)', failed],
  ] as const) {
    console.log(
      `\n===== ${label}: main exited ${result.main.code}, post exited ${result.post.code}, ${result.ms} ms`,
    );
    console.log('\n--- job summary (GITHUB_STEP_SUMMARY) ---\n');
    console.log(result.main.summary.trim());
    console.log('\n--- outputs ---');
    for (const [name, value] of Object.entries(result.main.outputs))
      console.log(`${name}=${value}`);
    if (result.main.code !== 0) console.log(result.main.errors.join('\n'));
  }

  console.log(
    '\n--- CloudWatch metrics (namespace Auth0/LogExport), one PutMetricData per run ---',
  );
  for (const call of metrics.puts()) {
    const points = metrics.datums.filter((d) => d.requestId === call.requestId);
    console.log(points.map((d) => `${d.metricName}=${d.value}`).join(' '));
  }

  console.log('\n--- the Slack message of the first run (Block Kit) ---');
  console.log(JSON.stringify(slack.payloads[0], null, 2));
  if (examplesDir) {
    await mkdir(examplesDir, { recursive: true });
    await writeFile(path.join(examplesDir, 'job-summary.md'), first.main.summary);
    await writeFile(path.join(examplesDir, 'job-summary-failed.md'), failed.main.summary);
    await writeFile(
      path.join(examplesDir, 'slack-message.json'),
      `${JSON.stringify(slack.payloads[0], null, 2)}\n`,
    );
    console.log(
      `\nWrote job-summary.md, job-summary-failed.md and slack-message.json in ${examplesDir}`,
    );
  }

  const events = cloudwatch.events(GROUP, STREAM);
  console.log(`\n--- the stream ${GROUP} / ${STREAM}: ${events.length} events; the first 3 ---`);
  for (const event of events.slice(0, 3)) {
    console.log(`${new Date(event.timestamp).toISOString()}  ${event.message.slice(0, 160)}…`);
  }
  const puts = cloudwatch.calls.filter((call) => call.operation === 'PutLogEvents').length;
  const peaks = (await readFile(memoryFile, 'utf8').catch(() => ''))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { maxRssKiB: number }).maxRssKiB);
  console.log('\n--- figures ---');
  console.log(`logs in the tenant:        ${auth0.logs.length}`);
  console.log(
    `events in the stream:      ${events.length} (${new Set(events.map((e) => e.message)).size} distinct)`,
  );
  console.log(`PutLogEvents calls:        ${puts}`);
  console.log(`Auth0 requests:            ${auth0.requests.length}`);
  console.log(`first run duration:        ${first.ms} ms (main and post)`);
  if (peaks.length)
    console.log(`peak memory of a step:     ${(Math.max(...peaks) / 1024).toFixed(1)} MiB`);
  process.exitCode =
    first.main.code === 0 && second.main.code === 0 && failed.main.code !== 0 ? 0 : 1;
} finally {
  await Promise.all([
    auth0.close(),
    cloudwatch.close(),
    metrics.close(),
    cache.close(),
    slack.close(),
  ]);
  await rm(dir, { recursive: true, force: true });
}
