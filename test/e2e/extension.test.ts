import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ActivityRule, activityCalendar, activityProgress, clockUserId } from '@pactline/shared';
import { readAgreement, readDirectory, readHandoffLog, upsertRule } from '@pactline/shared/doc';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  buildExtension,
  countdownText,
  type ExtensionBrowser,
  extensionBuildDir,
  fixtureHtml,
  launchExtensionBrowser,
  overlayText,
  testResultsDir,
} from '../support/extension-browser.js';
import { appendHandoffThroughRelay, seedWorkspace, watchHandoffLog } from '../support/extension-workspace.js';
import { connectProvider, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

const workspace = 'acme';
const hubspotOrigin = 'https://app.hubspot.com';
const hubspotLead = `${hubspotOrigin}/contacts/44001234/record/0-1/51234501`;
const hubspotOther = `${hubspotOrigin}/contacts/44001234/record/0-1/51234599`;
const salesforceOrigin = 'https://acme.lightning.force.com';
const salesforceLead = `${salesforceOrigin}/lightning/r/Lead/00Q5g00000XyZaBEAV/view`;
const darkSalesforceLead = `${salesforceOrigin}/lightning/r/Lead/00Q8d00000LmNoP/view`;
/** A lead the rep qualifies on the page while the test watches. */
const qualifiedLead = `${hubspotOrigin}/contacts/44001234/record/0-1/51234777`;
/** A lead the rep calls from the overlay. */
const calledLead = `${hubspotOrigin}/contacts/44001234/record/0-1/51234666`;
/** A lead whose owner changes to an AE on the page. */
const reassignedLead = `${hubspotOrigin}/contacts/44001234/record/0-1/51234888`;
const dynamicsOrigin = 'https://nordhavn.crm4.dynamics.com';
const dynamicsLead = `${dynamicsOrigin}/main.aspx?appid=2c5c0f8e-1f9d-ef11-8a69-000d3a4b1234&pagetype=entityrecord&etn=lead&id=5d0c6a1e-0b2f-ef11-840a-6045bd8c1a2b`;
const screenshotsDir = join(testResultsDir, 'extension');

let relay: RunningRelay;
let browser: ExtensionBrowser;
let adminToken: string;

/** The saved HubSpot contact page, its lifecycle stage set to `stage`. */
function hubspotPage(stage = 'Marketing Qualified Lead'): string {
  return fixtureHtml('hubspot', 'contact-record-2024').replace(
    'value="Marketing Qualified Lead"',
    `value="${stage}"`,
  );
}

async function openRecord(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/** The agreement as a separate client reads it from the relay: the versions clocks must be judged under. */
async function agreementClient() {
  const client = connectProvider(relay.url, `${workspace}/agreement/sla`, adminToken);
  await client.synced();
  const versions = (ruleId: string) => {
    const terms = readAgreement(client.doc).agreement?.terms;
    const rule = terms?.rules.find((candidate) => candidate.id === ruleId);
    const calendar = terms?.calendars.find(
      (candidate) => rule?.kind === 'response' && candidate.id === rule.calendarId,
    );
    if (!rule || !calendar) throw new Error(`rule ${ruleId} or its calendar is not in the agreement`);
    return { ruleVersion: rule.version, calendarVersion: calendar.version };
  };
  return { client, versions };
}

async function expandOverlay(page: Page): Promise<void> {
  const badge = page.getByRole('button', { name: /Show details|Hide details/ });
  await badge.waitFor({ timeout: 20_000 });
  if ((await badge.getAttribute('aria-expanded')) !== 'true') await badge.click();
  await page.getByTestId('pactline-panel').waitFor();
}

describe('extension on CRM pages, with the relay', () => {
  beforeAll(async () => {
    buildExtension();
    mkdirSync(screenshotsDir, { recursive: true });
    relay = await startRelay();
    adminToken = await relay.mintToken({ ws: workspace, sub: 'seed', role: 'admin' });
    await seedWorkspace(relay, workspace, 'sla');
    // The HubSpot lead was handed from marketing to Sam a minute ago: its clock is running.
    await appendHandoffThroughRelay(relay, workspace, {
      id: 'handoff-maya',
      agreementId: 'sla',
      rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot',
        objectType: 'contact',
        recordId: '51234501',
        url: hubspotLead,
        displayName: 'Maya Lindqvist',
      },
      fromPartyId: 'marketing',
      fromUserId: 'mia',
      toPartyId: 'sdr',
      toUserId: 'sam',
      checklist: [],
      startedAtMs: Date.now() - 60_000,
    });

    browser = await launchExtensionBrowser();
    await browser.serve(hubspotOrigin, () => hubspotPage());
    await browser.serve(salesforceOrigin, (url) =>
      fixtureHtml(
        'salesforce',
        url.pathname.includes('00Q8d') ? 'lead-dynamic-forms-console' : 'lead-standard-layout',
      ),
    );
    await browser.serve(dynamicsOrigin, () => fixtureHtml('dynamics', 'lead-unified-interface'));
    const samToken = await relay.mintToken({ ws: workspace, sub: 'sam', role: 'editor', name: 'Sam SDR' });
    await browser.useRelay(relay.url, samToken);
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const [index, page] of browser.context.pages().entries()) {
      await page
        .screenshot({ path: join(screenshotsDir, `failed-${name}-${index}.png`) })
        .catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await relay?.kill();
  });

  it('ships a content script of at most 50 KB gzipped, every CRM adapter included', () => {
    const script = readFileSync(join(extensionBuildDir, 'content-scripts/crm.js'));
    expect(gzipSync(script).length).toBeLessThanOrEqual(50 * 1024);
  });

  it('reads a Dynamics 365 lead form: the checklist ticks what the form fills', async () => {
    const page = await openRecord(dynamicsLead);
    await expandOverlay(page);
    // Email from its input, the phone from the mobile number (the business phone is empty).
    await expect.poll(() => page.getByLabel('Email is filled in (required)').isChecked()).toBe(true);
    expect(await page.getByLabel('Phone number is filled in (required)').isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Hand off', exact: true }).isDisabled()).toBe(true);
    await page.close();
  });

  it('shows a running countdown for a handed-off lead, and it ticks', async () => {
    const page = await openRecord(hubspotLead);
    await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 20_000 }).toBe('Running');
    const first = await countdownText(page);
    // No priority on this lead: the template's 4 h target, less the minute since the handoff.
    expect(first).toMatch(/^3:5\d:\d{2}$/);
    await expect.poll(() => countdownText(page), { timeout: 5_000 }).not.toBe(first);
    // Read as text (copied, or by a page reader), the collapsed badge keeps its words apart.
    expect(await overlayText(page, 'pactline-badge')).toMatch(/^\S+ \d+:\d{2}:\d{2} Running MQL response · /);
    await page.screenshot({ path: join(screenshotsDir, 'hubspot-running.png') });
    await page.close();
  });

  it('switches the overlay when the CRM moves to another record with pushState, and leaves on a list page', async () => {
    const page = await openRecord(hubspotLead);
    await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 20_000 }).toBe('Running');
    await page.evaluate((url) => history.pushState({}, '', url), hubspotOther);
    await expect
      .poll(() => overlayText(page, 'pactline-badge'), { timeout: 5_000 })
      .toContain('No open handoff');
    await page.evaluate(() => history.pushState({}, '', '/contacts/44001234/objects/0-1/views/all/list'));
    await expect.poll(() => page.getByTestId('pactline-overlay').count(), { timeout: 5_000 }).toBe(0);
    await page.evaluate(() => history.back());
    await expect
      .poll(() => overlayText(page, 'pactline-badge'), { timeout: 5_000 })
      .toContain('No open handoff');
    await page.close();
  });

  it('hands a Salesforce lead off once the checklist is complete, and a separate client sees it in the log', async () => {
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    try {
      const page = await openRecord(salesforceLead);
      await expandOverlay(page);
      const handOff = page.getByRole('button', { name: 'Hand off', exact: true });
      // Email, phone and owner are read from the page; the qualification notes are for the rep to tick.
      await expect.poll(() => page.getByLabel('Email is filled in (required)').isChecked()).toBe(true);
      expect(await handOff.isDisabled()).toBe(true);
      await page.getByLabel('Budget, authority, need and timing noted (required)').check();
      expect(await handOff.isEnabled()).toBe(true);
      await page.screenshot({ path: join(screenshotsDir, 'salesforce-checklist.png') });
      await handOff.click();
      await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 10_000 }).toBe('Running');

      const entry = await log.waitFor(
        (handoffs) => handoffs.find((handoff) => handoff.lead.recordId === '00Q5g00000XyZaB'),
        'the Salesforce handoff in the relay log',
      );
      expect(entry).toMatchObject({
        lead: { crm: 'salesforce', objectType: 'Lead', displayName: 'Tomás Herrera', url: salesforceLead },
        fromPartyId: 'sdr',
        fromUserId: 'sam',
        toPartyId: 'ae',
        rules: [{ ruleId: 'sql-first-touch' }],
      });
      expect(entry.checklist.filter((item) => item.isRequired).every((item) => item.isDone)).toBe(true);
      await page.screenshot({ path: join(screenshotsDir, 'salesforce-handed-off.png') });
      await page.close();
    } finally {
      log.destroy();
    }
  });

  it('turns the clock to met when the rep logs the first touch', async () => {
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    try {
      const page = await openRecord(hubspotLead);
      await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 20_000 }).toBe('Running');
      await expandOverlay(page);
      // The clock card keeps its text off its border.
      expect(
        await page
          .getByTestId('pactline-clock')
          .first()
          .evaluate((card) => getComputedStyle(card).paddingLeft),
      ).not.toBe('0px');
      expect(await seriousViolations(page, 'pactline-overlay')).toEqual([]);
      // The CRM page's own script clicks the overlay's button first: a synthetic click logs nothing.
      const scripted = await page.evaluate(() => {
        const host = document.querySelector('pactline-overlay');
        const button = Array.from(host?.shadowRoot?.querySelectorAll('button') ?? []).find(
          (candidate) => candidate.textContent?.trim() === 'Log first touch',
        );
        button?.click();
        return button !== undefined;
      });
      expect(scripted).toBe(true);
      await page.getByRole('button', { name: 'Log first touch' }).click();
      await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 10_000 }).toBe('Met');
      expect(await overlayText(page, 'pactline-history')).toContain('First touch by Sam SDR');
      const touched = await log.waitFor(
        (handoffs) => handoffs.find((handoff) => handoff.id === 'handoff-maya' && handoff.events.length >= 2),
        'the first touch, and the relay’s judgement of it, in the relay log',
      );
      expect(touched.events.filter((event) => event.type === 'first_touch')).toHaveLength(1);
      const touch = touched.events.find((event) => event.type === 'first_touch');
      const judged = touched.events.find((event) => event.type === 'judged');
      const agreement = await agreementClient();
      try {
        // Judged met by the relay, under the rule and calendar versions in force: the extension
        // writes the first touch in Sam's name, never the clock's outcome.
        expect(judged).toMatchObject({
          id: `handoff-maya:judged:mql-response:${touch?.id}`,
          ruleId: 'mql-response',
          outcome: 'met',
          byUserId: clockUserId,
          targetMs: 240 * 60_000,
          stoppedAtMs: touch?.atMs,
          ...agreement.versions('mql-response'),
        });
      } finally {
        agreement.client.destroy();
      }
      await page.close();
    } finally {
      log.destroy();
    }
  });

  it('applies actions locally while the relay is down, shows the outcome they decide, and delivers them after the relay restarts', async () => {
    const page = await openRecord(darkSalesforceLead);
    await expandOverlay(page);
    await page.screenshot({ path: join(screenshotsDir, 'salesforce-dark-theme.png') });
    await relay.kill();
    await expect.poll(() => overlayText(page, 'pactline-sync'), { timeout: 20_000 }).toContain('Offline');

    await page.getByLabel('Budget, authority, need and timing noted (required)').check();
    await page.getByRole('button', { name: 'Hand off', exact: true }).click();
    await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 10_000 }).toBe('Running');
    // Still offline, the AE's first touch is logged on the same device: the overlay shows it met locally.
    await page.getByRole('button', { name: 'Log first touch' }).click();
    await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 10_000 }).toBe('Met');
    await expect
      .poll(() => overlayText(page, 'pactline-sync'), { timeout: 10_000 })
      .toContain('changes waiting to sync');

    await relay.restart();
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    try {
      const entry = await log.waitFor(
        (handoffs) => handoffs.find((handoff) => handoff.lead.recordId === '00Q8d00000LmNoP'),
        'the offline handoff reaching the restarted relay',
      );
      expect(entry).toMatchObject({ lead: { displayName: 'Aiko Tanaka' }, toPartyId: 'ae' });
      const delivered = await log.waitFor(
        (handoffs) =>
          handoffs.find(
            (handoff) => handoff.id === entry.id && handoff.events.some((e) => e.type === 'judged'),
          ),
        'the offline first touch reaching the restarted relay, and its judgement',
      );
      expect(delivered.events.map((event) => event.type).sort()).toEqual(['first_touch', 'judged']);
      expect(delivered.events.find((event) => event.type === 'judged')).toMatchObject({
        ruleId: 'sql-first-touch',
        outcome: 'met',
        byUserId: clockUserId,
      });
      // Connected again, and the relay holds every change: nothing is left waiting.
      await expect.poll(() => overlayText(page, 'pactline-sync'), { timeout: 20_000 }).toBe('Synced');
    } finally {
      log.destroy();
      await page.close();
    }
  });

  it('has a breach nobody acted on recorded once, by the relay, with the versions it was judged under', async () => {
    // A rule with a few seconds' target, added to the agreement by its editors; no page is open.
    const agreement = await agreementClient();
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    try {
      const added = upsertRule(agreement.client.doc, {
        id: 'mql-speed-check',
        name: 'MQL speed check',
        kind: 'response',
        isEnabled: true,
        fromPartyId: 'marketing',
        toPartyId: 'sdr',
        calendarId: 'office',
        targetMinutes: 0.05,
        warningPercents: [50],
        stopOn: ['first_touch'],
      });
      expect(added.ok).toBe(true);
      const versions = agreement.versions('mql-speed-check');
      await appendHandoffThroughRelay(relay, workspace, {
        id: 'handoff-speed',
        agreementId: 'sla',
        rules: [{ ruleId: 'mql-speed-check', ruleVersion: versions.ruleVersion }],
        lead: {
          crm: 'hubspot',
          objectType: 'contact',
          recordId: '51234577',
          url: `${hubspotOrigin}/contacts/44001234/record/0-1/51234577`,
          displayName: 'Noor Haddad',
        },
        fromPartyId: 'marketing',
        fromUserId: 'mia',
        toPartyId: 'sdr',
        toUserId: 'sam',
        checklist: [],
        startedAtMs: Date.now(),
      });

      const breached = await log.waitFor(
        (handoffs) =>
          handoffs
            .find((handoff) => handoff.id === 'handoff-speed')
            ?.events.find((event) => event.type === 'judged'),
        'the breach judged by the relay in the log',
      );
      expect(breached).toMatchObject({
        ruleId: 'mql-speed-check',
        outcome: 'breached',
        byUserId: clockUserId,
        targetMs: 3_000,
        ...versions,
      });
      expect(breached.type === 'judged' && breached.elapsedMs).toBeGreaterThanOrEqual(3_000);
      expect(breached).not.toHaveProperty('stoppedAtMs');
      // Recorded once, whatever the alarms and the heartbeat wake the worker for afterwards.
      const handoff = log.read().find((candidate) => candidate.id === 'handoff-speed');
      expect(handoff?.events.filter((event) => event.type === 'judged')).toHaveLength(1);
    } finally {
      log.destroy();
      agreement.client.destroy();
    }
  });

  it('starts a handoff when the page shows the stage change a rule waits for, once across two browsers', async () => {
    // SDR → AE handoffs now start when the lifecycle stage becomes "Sales Qualified Lead".
    const agreement = await agreementClient();
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    let second: ExtensionBrowser | null = null;
    try {
      const rule = readAgreement(agreement.client.doc).agreement?.terms.rules.find(
        (candidate) => candidate.id === 'sql-first-touch',
      );
      if (rule?.kind !== 'response') throw new Error('no sql-first-touch rule');
      const trigger = { kind: 'stage', field: 'lifecycleStage', value: 'Sales Qualified Lead' } as const;
      expect(upsertRule(agreement.client.doc, { ...rule, trigger }).ok).toBe(true);
      await expect
        .poll(() => {
          const read = readAgreement(agreement.client.doc).agreement?.terms.rules.find(
            (r) => r.id === rule.id,
          );
          return read?.kind === 'response' ? read.trigger?.kind : undefined;
        })
        .toBe('stage');

      // The rep qualifies the lead on the page: the stage control changes in place.
      const page = await openRecord(qualifiedLead);
      await expandOverlay(page);
      await page.waitForTimeout(1_500);
      expect(log.read().some((handoff) => handoff.lead.recordId === '51234777')).toBe(false);
      await page.evaluate(() => {
        const stage = document.querySelector<HTMLInputElement>(
          '[data-selenium-test="property-input-lifecyclestage"]',
        );
        if (stage === null) throw new Error('no stage control');
        stage.value = 'Sales Qualified Lead';
        stage.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const seen = await log.waitFor(
        (handoffs) => handoffs.find((handoff) => handoff.lead.recordId === '51234777'),
        'the handoff seen on the page in the relay log',
      );
      expect(seen).toMatchObject({
        source: 'page',
        startedAtSource: 'seen',
        fromPartyId: 'sdr',
        toPartyId: 'ae',
        rules: [{ ruleId: 'sql-first-touch' }],
        lead: { crm: 'hubspot', displayName: 'Maya Lindqvist' },
      });
      // The qualification notes were never ticked: the skipped gate is on the record.
      expect(
        seen.checklist.filter((item) => item.isRequired && !item.isDone).map((item) => item.label),
      ).toContain('Budget, authority, need and timing noted');
      await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 10_000 }).toBe('Running');

      // Someone else opens the same lead, already qualified, in another browser: still one handoff.
      second = await launchExtensionBrowser();
      await second.serve(hubspotOrigin, () => hubspotPage('Sales Qualified Lead'));
      await second.useRelay(
        relay.url,
        await relay.mintToken({ ws: workspace, sub: 'ada', role: 'editor', name: 'Ada AE' }),
      );
      const other = await second.context.newPage();
      await other.goto(qualifiedLead);
      await expect.poll(() => overlayText(other, 'pactline-state'), { timeout: 20_000 }).toBe('Running');
      await page.waitForTimeout(1_500);
      expect(log.read().filter((handoff) => handoff.lead.recordId === '51234777')).toHaveLength(1);
      await page.close();
    } finally {
      await second?.close();
      log.destroy();
      agreement.client.destroy();
    }
  });

  it('starts a handoff to the AE the page shows as the new owner', async () => {
    const agreement = await agreementClient();
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    try {
      const rule = readAgreement(agreement.client.doc).agreement?.terms.rules.find(
        (candidate) => candidate.id === 'sql-first-touch',
      );
      if (rule?.kind !== 'response') throw new Error('no sql-first-touch rule');
      expect(
        upsertRule(agreement.client.doc, { ...rule, trigger: { kind: 'owner', partyId: 'ae' } }).ok,
      ).toBe(true);
      const page = await openRecord(reassignedLead);
      await expandOverlay(page);
      await page.waitForTimeout(1_500);
      expect(log.read().some((handoff) => handoff.lead.recordId === '51234888')).toBe(false);
      // The SDR assigns the lead to Alex, an AE: the owner on the page changes in place, shown
      // under the name the CRM has for her, which the directory lists among her CRM names.
      await page.evaluate(() => {
        const owner = document.querySelector('[data-test-id="hubspot_owner_id"] button');
        if (owner === null) throw new Error('no owner control');
        owner.textContent = 'Alexandra Eriksson';
      });
      const seen = await log.waitFor(
        (handoffs) => handoffs.find((handoff) => handoff.lead.recordId === '51234888'),
        'the handoff to the new owner in the relay log',
      );
      expect(seen).toMatchObject({ source: 'page', fromPartyId: 'sdr', toPartyId: 'ae', toUserId: 'alex' });
      await page.close();
    } finally {
      log.destroy();
      agreement.client.destroy();
    }
  });

  it('logs a call from the overlay in one click: the log holds it and the rep’s weekly pace moves', async () => {
    const log = watchHandoffLog(relay.url, adminToken, workspace, Date.now());
    const directory = connectProvider(relay.url, `${workspace}/directory`, adminToken);
    const agreement = await agreementClient();
    try {
      await directory.synced();
      const page = await openRecord(calledLead);
      await expandOverlay(page);
      const pace = page.getByTestId('pactline-pace');
      await expect.poll(() => pace.innerText(), { timeout: 10_000 }).toMatch(/^Calls this week: 0 of 50 · /);
      // A script of the page clicks the button first: nothing is logged.
      const scripted = await page.evaluate(() => {
        const host = document.querySelector('pactline-overlay');
        const button = Array.from(host?.shadowRoot?.querySelectorAll('button') ?? []).find(
          (candidate) => candidate.textContent?.trim() === 'Log call',
        );
        button?.click();
        return button !== undefined;
      });
      expect(scripted).toBe(true);
      await page.getByRole('textbox', { name: 'Activity note (optional)' }).fill('  Left a voicemail ');
      await page.getByRole('button', { name: 'Log call' }).click();
      await expect.poll(() => pace.innerText(), { timeout: 10_000 }).toMatch(/^Calls this week: 1 of 50 · /);
      expect(await overlayText(page, 'pactline-history')).toContain('Call by Sam SDR: Left a voicemail');
      expect(await page.getByRole('textbox', { name: 'Activity note (optional)' }).inputValue()).toBe('');

      // Another client reads the call from the relay, and the dashboard's measure counts it.
      const activities = await waitFor(
        () => {
          const logged = readHandoffLog(log.client.doc).activities;
          return logged.some((activity) => activity.lead.recordId === '51234666') ? logged : undefined;
        },
        { timeoutMs: 20_000, what: 'the call in the relay log' },
      );
      const calls = activities.filter((activity) => activity.lead.recordId === '51234666');
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ kind: 'call', byUserId: 'sam', note: 'Left a voicemail' });
      const terms = readAgreement(agreement.client.doc).agreement?.terms;
      const rule = terms?.rules.find((candidate) => candidate.id === 'sdr-calls') as ActivityRule;
      const calendar = terms ? activityCalendar(terms, 'sdr') : undefined;
      const progress = activityProgress(rule, activities, readDirectory(directory.doc).members, {
        nowMs: Date.now(),
        ...(calendar ? { calendar } : {}),
      });
      expect(progress.reps.find((rep) => rep.userId === 'sam')?.count).toBe(1);
      await page.close();
    } finally {
      agreement.client.destroy();
      directory.destroy();
      log.destroy();
    }
  });
});
