/**
 * A throw-away certificate authority and a server certificate for localhost, so that the Auth0
 * emulator can speak HTTPS (the SDK always calls https://{domain}) and Node trusts it through
 * NODE_EXTRA_CA_CERTS, as it would a corporate CA.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TestTls {
  caCertPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const DAY = 86_400_000;

export async function createTestTls(dir: string): Promise<TestTls> {
  mkdirSync(dir, { recursive: true });
  const notBeforeDate = new Date(Date.now() - DAY);
  const notAfterDate = new Date(Date.now() + 2 * DAY);
  const ca = await generate([{ name: 'commonName', value: 'auth0-logs-to-cloudwatch test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const tls: TestTls = {
    caCertPath: path.join(dir, 'ca.pem'),
    caCertPem: ca.cert,
    certPem: server.cert,
    keyPem: server.private,
  };
  writeFileSync(tls.caCertPath, tls.caCertPem);
  writeFileSync(path.join(dir, 'server-cert.pem'), tls.certPem);
  writeFileSync(path.join(dir, 'server-key.pem'), tls.keyPem);
  return tls;
}

export function loadTestTls(dir: string): TestTls {
  return {
    caCertPath: path.join(dir, 'ca.pem'),
    caCertPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
    certPem: readFileSync(path.join(dir, 'server-cert.pem'), 'utf8'),
    keyPem: readFileSync(path.join(dir, 'server-key.pem'), 'utf8'),
  };
}
