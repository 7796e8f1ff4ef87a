/** What people read: Slack reports, outputs, and secrets kept out of every one of them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start({
    slack: true,
    auth0: { clientSecret: 'AUTH0-SECRET-5f1c2e9a7b' },
  });
  fx.auth0.generateLogs(300, { start: new Date(Date.now() - 2 * 3_600_000), spacingMs: 1_000 });
});

afterAll(async () => {
  await fx?.close();
});

const SECRETS = {
  'auth0-client-secret': 'AUTH0-SECRET-5f1c2e9a7b',
  'aws-secret-access-key': 'AWS-SECRET-0c7d3a1e9f',
  'redact-key': 'REDACT-KEY-3b9e1f7a2c6d',
};

function payloadText(): string {
  return JSON.stringify(fx.slack!.payloads);
}

describe('Slack', () => {
  it('reports a failed run, with what failed and a link to the run, but no log contents', async () => {
    fx.slack!.payloads.length = 0;
    const { main } = await fx.run({
      ...SECRETS,
      'auth0-client-secret': 'wrong-secret-123',
      'slack-webhook-url': fx.slack!.url,
    });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toContain("'auth0-client-secret'");
    expect(fx.slack!.payloads).toHaveLength(1);
    const text = payloadText();
    expect(text).toContain('Auth0 log export failed');
    expect(text).toContain("'auth0-client-secret'");
    expect(text).toContain('/actions/runs/');
    expect(text).not.toContain('wrong-secret-123');
  });

  it('reports an export further behind than max-lag-minutes', async () => {
    fx.slack!.payloads.length = 0;
    const { main } = await fx.run({
      ...SECRETS,
      'slack-webhook-url': fx.slack!.url,
      'max-lag-minutes': '1',
    });
    expect(main.code).toBe(0);
    expect(main.warnings.join('\n')).toContain("'max-lag-minutes'");
    expect(payloadText()).toContain('behind');
  });

  it('reports success only with slack-send-success, and never fails the export for Slack', async () => {
    fx.slack!.payloads.length = 0;
    const quiet = await fx.run({ ...SECRETS, 'slack-webhook-url': fx.slack!.url });
    expect(quiet.main.code).toBe(0);
    expect(fx.slack!.payloads).toHaveLength(0);

    fx.auth0.generateLogs(5, { start: new Date(Date.now() - 30_000), spacingMs: 100 });
    const loud = await fx.run({
      ...SECRETS,
      'slack-webhook-url': fx.slack!.url,
      'slack-send-success': 'true',
    });
    expect(loud.main.code).toBe(0);
    expect(fx.slack!.payloads).toHaveLength(1);
    expect(payloadText()).toContain('Exported 5 Auth0 logs');
    // No log contents: no user names, IPs or log_ids of exported logs beyond the checkpoint.
    for (const log of fx.auth0.logs.slice(-5)) {
      if (typeof log.user_name === 'string') expect(payloadText()).not.toContain(log.user_name);
      if (typeof log.ip === 'string') expect(payloadText()).not.toContain(log.ip);
    }

    fx.slack!.failNext(500);
    const failing = await fx.run({
      ...SECRETS,
      'slack-webhook-url': fx.slack!.url,
      'slack-send-success': 'true',
    });
    expect(failing.main.code).toBe(0);
    expect(failing.main.warnings.join('\n')).toContain('Sending the Slack report failed');
  });
});

describe('annotations', () => {
  it('are at most one per kind of warning, with a title; the rest go to the log', async () => {
    const { main } = await fx.run({ ...SECRETS, 'log-types': 'fpp, zzq', 'log-stream': 'notes' });
    expect(main.code, main.stdout).toBe(0);
    const annotations = main.stdout.split('\n').filter((line) => line.startsWith('::warning'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::warning title=Auth0 logs%3A input::'fpp'/);
    expect(main.stdout).toContain("Warning: 'zzq' is not a known Auth0 log type");
  });
});

describe('secrets', () => {
  it('never appear in the log, the summary, the outputs or Slack', async () => {
    fx.slack!.payloads.length = 0;
    fx.auth0.generateLogs(5, { start: new Date(Date.now() - 20_000), spacingMs: 100 });
    const tokensBefore = fx.auth0.issuedTokens.length;
    const run = fx.newRun({
      ...SECRETS,
      'redact-fields': 'pii',
      'slack-webhook-url': fx.slack!.url,
      'slack-send-success': 'true',
    });
    const main = await run.main();
    const post = await run.post();
    await run.cleanup();
    expect(main.code, main.stdout).toBe(0);
    const tokens = fx.auth0.issuedTokens.slice(tokensBefore);
    expect(tokens).toHaveLength(1);
    const secrets = [...Object.values(SECRETS), fx.slack!.url, ...tokens];
    // The runner masks what ::add-mask:: names; those lines are the only place a secret may appear.
    const visible = (text: string) =>
      text
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
    const masked = main.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const secret of secrets) {
      expect(masked, `${secret} is masked`).toContain(`::add-mask::${secret}`);
      for (const [where, text] of Object.entries({
        stdout: visible(main.stdout) + visible(post.stdout),
        stderr: main.stderr + post.stderr,
        summary: main.summary,
        outputs: JSON.stringify(main.outputs),
        state: JSON.stringify(main.state),
        slack: payloadText(),
      })) {
        expect(text.includes(secret), `${secret.slice(0, 8)}… in ${where}`).toBe(false);
      }
    }
  });
});
