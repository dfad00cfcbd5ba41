import { createHmac } from 'node:crypto';
import { readAgreement } from '@pactline/shared/doc';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchChromium, screenshot } from '../support/pwa-browser';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { createAgreement, openAs } from '../support/pwa-session';
import { connectProvider, waitFor } from '../support/relay-clients';
import { type RunningRelay, startRelay } from '../support/relay-process';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink';

let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;
let sink: WebhookSink;
/** The agreement the admin creates first; the editor names a channel in one of its rules. */
let agreementId = '';

beforeAll(async () => {
  [relay, pwa, browser, sink] = await Promise.all([
    startRelay({ env: { PACTLINE_WEBHOOK_ALLOW: '127.0.0.1/32', PACTLINE_DELIVERY_RETRY_BASE_MS: '50' } }),
    startPwaServer(),
    launchChromium(),
    startWebhookSink({ status: 200, body: 'ok' }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM'), sink?.close()]);
});

describe('escalation channels in the PWA', () => {
  it('lets an admin add Slack and a signed webhook, send test messages, read the log and retry', async () => {
    const admin = await openAs(browser, relay, pwa.url, {
      ws: 'acme',
      sub: 'olga',
      role: 'admin',
      name: 'Olga Ops',
    });
    const { page } = admin;
    agreementId = await createAgreement(page, 'Main SLA');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Escalation channels' }).click();
    await page.getByText('No channel yet').waitFor();

    // A Slack channel for the SDR team only.
    await page.getByRole('button', { name: 'Add a channel' }).click();
    await page.getByLabel('Kind').selectOption('slack');
    await page.getByLabel('Name').fill('SDR alerts');
    await page.getByLabel('Webhook URL').fill(`http://127.0.0.1:${sink.port}/services/T0/B0/slacksecret1234`);
    await page.getByLabel('Only these parties').check();
    await page.getByLabel('Sales development').check();
    await page.getByRole('button', { name: 'Save channel' }).click();
    const slack = page.locator('[data-channel="sdr-alerts"]');
    await slack.waitFor();
    expect(await slack.textContent()).toContain(`http://127.0.0.1:${sink.port}/…/1234`);
    await slack.getByText('Parties: Sales development').waitFor();
    expect(await page.content()).not.toContain('slacksecret');

    // A URL inside the relay's network is refused with the relay's reason.
    await page.getByRole('button', { name: 'Add a channel' }).click();
    await page.getByLabel('Name').fill('Intranet');
    await page.getByLabel('Webhook URL').fill('http://10.1.2.3/hook');
    await page.getByRole('button', { name: 'Save channel' }).click();
    await page.getByRole('alert').filter({ hasText: 'private address' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // A signed webhook: its key is shown once.
    await page.getByRole('button', { name: 'Add a channel' }).click();
    await page.getByLabel('Kind').selectOption('webhook');
    await page.getByLabel('Name').fill('Ops endpoint');
    await page.getByLabel('Webhook URL').fill(`http://127.0.0.1:${sink.port}/pactline`);
    await page.getByRole('button', { name: 'Save channel' }).click();
    const key = await page.getByRole('textbox', { name: 'Signing key' }).inputValue();
    expect(key).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();

    await slack.getByRole('button', { name: 'Send test message' }).click();
    await page
      .locator('[data-delivery][data-status="delivered"]')
      .filter({ hasText: 'SDR alerts' })
      .waitFor();
    const slackRequest = sink.requests.find((request) => request.path.startsWith('/services/'));
    expect(JSON.parse(slackRequest?.body ?? '{}').blocks[0].type).toBe('header');

    // The endpoint refuses: the log says so, and "Retry now" sends it again once it accepts.
    sink.answer({ status: 404, body: 'no such hook' });
    await page
      .locator('[data-channel="ops-endpoint"]')
      .getByRole('button', { name: 'Send test message' })
      .click();
    const failed = page.locator('[data-delivery][data-status="failed"]').filter({ hasText: 'Ops endpoint' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('answered 404');
    await screenshot(page, 'pwa-channels', { fullPage: true });
    sink.answer({ status: 200 });
    await failed.getByRole('button', { name: 'Retry now' }).click();
    await page
      .locator('[data-delivery][data-status="delivered"]')
      .filter({ hasText: 'Ops endpoint' })
      .waitFor();
    const signed = sink.requests.filter((request) => request.path === '/pactline');
    expect(signed).toHaveLength(2);
    for (const request of signed) {
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['pactline-signature']));
      expect(createHmac('sha256', key).update(`${match?.[1]}.${request.body}`).digest('hex')).toBe(
        match?.[2],
      );
    }
    await page
      .locator('[data-delivery][data-status="delivered"]')
      .filter({ hasText: 'Ops endpoint' })
      .locator('summary')
      .click();
    await page.getByText('404 in').waitFor();
    // An edit without the URL keeps it: the channel now serves every party and still delivers.
    await slack.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Every party').check();
    await page.getByRole('button', { name: 'Save channel' }).click();
    await slack.getByText('Every party').waitFor();
    expect(await slack.textContent()).toContain('…/1234');
    expect(await seriousViolations(page)).toEqual([]);
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });

  it('tells an editor that channels are for admins, yet lets them name one in a rule by its name', async () => {
    const claims = { ws: 'acme', sub: 'ed', role: 'editor', name: 'Ed Editor' } as const;
    const editor = await openAs(browser, relay, pwa.url, claims, '/channels');
    await editor.page.getByText('Only the workspace’s admins set up channels').waitFor();
    expect(await editor.page.locator('[data-channel]').count()).toBe(0);

    // Yet an editor names a channel in a rule's escalation ladder, picked by its name.
    await editor.page.goto(`${pwa.url}/#/a/${agreementId}/rules`);
    const rule = editor.page.locator('form[data-rule="mql-response"]');
    const box = rule.getByRole('checkbox', { name: 'SDR alerts (Slack)' }).first();
    await box.check();
    await rule.getByRole('button', { name: 'Save rule' }).click();
    await rule.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const reader = connectProvider(relay.url, `acme/agreement/${agreementId}`, await relay.mintToken(claims));
    await reader.synced();
    const saved = await waitFor(
      () => {
        const found = readAgreement(reader.doc).agreement?.terms.rules.find(
          (each) => each.id === 'mql-response',
        );
        return found?.kind === 'response' && found.escalation[0]?.notify.length === 2 && found;
      },
      { what: 'the rule naming the channel at the relay' },
    );
    expect(saved.escalation[0]?.notify).toEqual([
      { kind: 'receiver' },
      { kind: 'channel', channelId: 'sdr-alerts', name: 'SDR alerts' },
    ]);
    expect(readAgreement(reader.doc).schemaVersion).toBe(2);
    reader.destroy();
    expect(await editor.page.content()).not.toContain('slacksecret');
    await waitFor(() => editor.errors.length === 0, { what: 'no page errors' });
    await editor.context.close();
  });
});
