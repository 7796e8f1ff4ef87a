/**
 * Starts the loopback emulators of Auth0 (HTTPS, with a throw-away CA) and CloudWatch Logs, fills
 * the tenant with logs, and prints the environment a run of the action needs to reach them, as
 * KEY=value lines (the format of $GITHUB_ENV and of a .env file). Runs until SIGINT or SIGTERM.
 *
 *   tsx script/emulators.ts [--logs 1000] [--log-group /auth0/emulated] [--log-stream tenant-logs]
 *                           [--env-out FILE] [--report FILE]
 *
 * --env-out  write the lines to FILE (atomically, once the servers listen) instead of stdout
 * --report   keep FILE up to date (every second, and on shutdown) with how that stream compares
 *            with the tenant and which writes CloudWatch received (JSON)
 *
 * CI uses it to run the action itself (`uses: ./`) on a real runner with no AWS account or tenant.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestTls } from '../__tests__/emulators/tls.js';
import { Auth0Emulator } from '../__tests__/emulators/auth0.js';
import { CloudWatchEmulator } from '../__tests__/emulators/cloudwatch.js';

const { values } = parseArgs({
  options: {
    logs: { type: 'string', default: '1000' },
    'log-group': { type: 'string', default: '/auth0/emulated' },
    'log-stream': { type: 'string', default: 'tenant-logs' },
    'env-out': { type: 'string' },
    report: { type: 'string' },
  },
});
const logs = Number(values.logs);
if (!Number.isInteger(logs) || logs < 0) {
  console.error(`--logs has the value ${JSON.stringify(values.logs)}; expected a whole number.`);
  process.exit(2);
}

const CLIENT_ID = 'emulated-client-id';
const CLIENT_SECRET = 'emulated-client-secret';
const ACCESS_KEY_ID = 'AKIDEMULATOR00000001';
const SECRET_ACCESS_KEY = 'emulated-secret-access-key';

const dir = await mkdtemp(path.join(os.tmpdir(), 'auth0-cw-emulators-'));
const tls = await createTestTls(path.join(dir, 'tls'));
const [auth0, cloudwatch] = await Promise.all([
  Auth0Emulator.start({ tls, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
  // Requests are signed with the keys below and checked (SigV4), as AWS would.
  CloudWatchEmulator.start({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }),
]);
// Logs every 2 seconds up to a minute ago: well inside CloudWatch's 14-day window.
auth0.generateLogs(logs, { start: new Date(Date.now() - logs * 2_000 - 60_000), spacingMs: 2_000 });

const env: Record<string, string> = {
  // Node reads the extra CA only at start-up: set it before the action's process starts.
  NODE_EXTRA_CA_CERTS: tls.caCertPath,
  AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudwatch.endpoint,
  AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
  AWS_REGION: 'us-east-1',
  AUTH0_DOMAIN: auth0.domain,
  AUTH0_CLIENT_ID: CLIENT_ID,
  AUTH0_CLIENT_SECRET: CLIENT_SECRET,
  LOG_GROUP: values['log-group'],
  LOG_STREAM: values['log-stream'],
  EMULATED_LOGS: String(logs),
};
const lines = Object.entries(env)
  .map(([key, value]) => `${key}=${value}`)
  .join('\n');

const envFile = values['env-out'];
if (envFile) {
  // Written whole and then renamed, so that a reader polling for the file never sees half of it.
  await writeFile(`${envFile}.partial`, `${lines}\n`);
  await rename(`${envFile}.partial`, envFile);
  console.error(`Emulators listening; wrote their environment to ${envFile}.`);
} else {
  console.log(lines);
}

/** Calls that change the account: a dry run makes none. */
const WRITES = ['PutLogEvents', 'CreateLogGroup', 'CreateLogStream', 'PutRetentionPolicy'];

/** How the stream compares with the tenant: every log once is `lost: 0, duplicated: 0`. */
function compare(): Record<string, number> {
  const [group, stream] = [values['log-group'], values['log-stream']];
  const ids = cloudwatch.hasLogStream(group, stream)
    ? cloudwatch
        .events(group, stream)
        .map((event) => (JSON.parse(event.message) as { log_id: string }).log_id)
    : [];
  const stored = new Set(ids);
  return {
    tenantLogs: auth0.logs.length,
    streamEvents: ids.length,
    lost: auth0.logs.filter((log) => !stored.has(log.log_id)).length,
    duplicated: ids.length - stored.size,
    writes: cloudwatch.calls.filter((call) => WRITES.includes(call.operation)).length,
  };
}

async function writeReport(file: string): Promise<void> {
  await writeFile(`${file}.partial`, `${JSON.stringify(compare())}\n`);
  await rename(`${file}.partial`, file);
}

const reportFile = values.report;
const reporting = reportFile ? setInterval(() => void writeReport(reportFile), 1_000) : undefined;

async function shutdown(): Promise<void> {
  clearInterval(reporting);
  console.error(`Emulators stopping: ${JSON.stringify(compare())}`);
  if (reportFile) await writeReport(reportFile);
  await Promise.all([auth0.close(), cloudwatch.close()]);
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
