/** The Slack webhook emulator, driven by @slack/webhook. */
import { IncomingWebhook } from '@slack/webhook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackWebhookEmulator } from './slack.js';

let slack: SlackWebhookEmulator;

beforeAll(async () => {
  slack = await SlackWebhookEmulator.start();
});

afterAll(async () => {
  await slack.close();
});

describe('the Slack webhook emulator through @slack/webhook', () => {
  it('receives a Block Kit payload intact', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hello* &lt;world&gt;' } }];
    await new IncomingWebhook(slack.url).send({ text: 'hello', blocks });
    expect(slack.payloads.at(-1)).toMatchObject({ text: 'hello', blocks });
  });

  it('surfaces a failure as an error the caller can catch', async () => {
    slack.failNext(500);
    await expect(new IncomingWebhook(slack.url).send({ text: 'x' })).rejects.toThrow();
  });
});
