/**
 * `npm run mutate`: StrykerJS over the delivery core. Stryker runs Vitest in worker threads of its
 * own processes, and Node reads NODE_EXTRA_CA_CERTS only when a process starts, so the test
 * certificate authority of the HTTPS Auth0 emulator is made here, before Stryker starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestTls } from '../__tests__/emulators/tls.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'test-tls-'));
const tls = await createTestTls(dir);
const stryker = path.resolve('node_modules/@stryker-mutator/core/bin/stryker.js');
const result = spawnSync(process.execPath, [stryker, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caCertPath, TEST_TLS_DIR: dir },
});
rmSync(dir, { recursive: true, force: true });
process.exitCode = result.status ?? 1;
