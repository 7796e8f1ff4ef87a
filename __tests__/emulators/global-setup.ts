/**
 * Creates the test certificate authority once per test run. Vitest forks its workers after this, so
 * they inherit NODE_EXTRA_CA_CERTS (which Node reads only at start-up) and trust the Auth0 emulator.
 * Each project runs the global setup; the second one reuses what the first created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestTls } from './tls.js';

export default async function setup(): Promise<() => void> {
  if (process.env.TEST_TLS_DIR && process.env.NODE_EXTRA_CA_CERTS) return () => undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'test-tls-'));
  const tls = await createTestTls(dir);
  process.env.NODE_EXTRA_CA_CERTS = tls.caCertPath;
  process.env.TEST_TLS_DIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.TEST_TLS_DIR;
    delete process.env.NODE_EXTRA_CA_CERTS;
  };
}
