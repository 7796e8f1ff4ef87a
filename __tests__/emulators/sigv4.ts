/** SigV4 as the AWS SDK signs a JSON RPC request (POST /, no query), for emulators that check it. */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…` header; undefined when malformed. */
export function parseSigV4(header: string): SigV4Authorization | undefined {
  const parts =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!parts) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = parts as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { accessKeyId, date, region, service, signedHeaders, signature };
}

/**
 * The signature the caller should have sent, computed over the body as received (so a body changed
 * on the way, or hashed before compression, no longer matches).
 */
export function expectedSignature(
  req: IncomingMessage,
  body: Buffer,
  secret: string,
  auth: SigV4Authorization,
): string {
  const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
  const hmac = (key: string | Buffer, data: string): Buffer =>
    createHmac('sha256', key).update(data, 'utf8').digest();
  const headers = auth.signedHeaders
    .split(';')
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  const canonical = [req.method, path, query, headers, auth.signedHeaders, sha256(body)].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    String(req.headers['x-amz-date'] ?? ''),
    scope,
    sha256(canonical),
  ].join('\n');
  let key = hmac(`AWS4${secret}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}
