import { handoffsRoomFor } from '@pactline/shared/doc';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  buildExtension,
  type ExtensionBrowser,
  fixtureHtml,
  launchExtensionBrowser,
  overlayText,
} from '../support/extension-browser.js';
import { appendHandoffThroughRelay, seedWorkspace } from '../support/extension-workspace.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

const workspace = 'globex';
const origin = 'https://app-eu1.hubspot.com';
const recordUrl = (id: number) => `${origin}/contacts/25000017/record/0-136/${id}`;

let relay: RunningRelay;
let browser: ExtensionBrowser;
let samToken: string;

async function badgeText(): Promise<string> {
  return browser.worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { action: { getBadgeText(details: object): Promise<string> } };
    };
    return chrome.action.getBadgeText({});
  });
}

describe('popup, options, toolbar badge and worker restarts', () => {
  beforeAll(async () => {
    buildExtension();
    relay = await startRelay();
    await seedWorkspace(relay, workspace, 'sla');
    const nowMs = Date.now();
    // A hot lead (15 min) handed to Sam 10 min ago is in warning; a warm one (4 h) 1 min ago is not.
    const lead = (id: number, name: string, priority: string, ageMinutes: number) =>
      appendHandoffThroughRelay(relay, workspace, {
        id: `handoff-${id}`,
        agreementId: 'sla',
        rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
        lead: {
          crm: 'hubspot',
          objectType: 'lead',
          recordId: String(id),
          url: recordUrl(id),
          displayName: name,
        },
        fromPartyId: 'marketing',
        fromUserId: 'mia',
        toPartyId: 'sdr',
        toUserId: 'sam',
        priority,
        checklist: [],
        startedAtMs: nowMs - ageMinutes * 60_000,
      });
    await lead(880012, 'Jonas Berg', 'warm', 1);
    await lead(880013, 'Lena Vogel', 'hot', 10);
    // A hot lead whose 80 % threshold (12 of 15 min) comes 15 s after seeding: an alarm's job.
    await lead(880014, 'Omar Haddad', 'hot', 12 - 15 / 60);
    // A clock for Sam whose lead address is script: the model and the relay refuse it on write,
    // and a relay holding it from before it checked entries still serves it. It must never
    // become a link in the popup.
    await relay.storeWhileStopped(handoffsRoomFor(workspace, nowMs), (doc) =>
      doc.getMap('handoffs').set('handoff-hostile', {
        id: 'handoff-hostile',
        agreementId: 'sla',
        rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
        lead: {
          crm: 'hubspot',
          objectType: 'lead',
          recordId: '880099',
          url: 'javascript:alert(document.domain)',
          displayName: 'Hostile Lead',
        },
        fromPartyId: 'marketing',
        fromUserId: 'mia',
        toPartyId: 'sdr',
        toUserId: 'sam',
        priority: 'hot',
        checklist: [],
        startedAtMs: nowMs - 60_000,
      }),
    );

    browser = await launchExtensionBrowser();
    await browser.serve(origin, () => fixtureHtml('hubspot', 'lead-record-unassigned'));
    samToken = await relay.mintToken({ ws: workspace, sub: 'sam', role: 'editor', name: 'Sam SDR' });
    await browser.useRelay(relay.url, samToken);
  });

  afterAll(async () => {
    await browser?.close();
    await relay?.kill();
  });

  it('counts the clocks in warning on the toolbar badge', async () => {
    await expect.poll(badgeText, { timeout: 20_000 }).toBe('2');
  });

  it('notifies at a warning threshold when its alarm fires, once per threshold', async () => {
    const notificationIds = () =>
      browser.worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as {
          chrome: { notifications: { getAll(): Promise<object> } };
        };
        return Object.keys(await chrome.notifications.getAll());
      });
    // Crossed before the worker first looked: announced at once (the highest threshold only).
    await expect
      .poll(notificationIds, { timeout: 20_000 })
      .toContain(`pactline|handoff-880014:mql-response:50|${recordUrl(880014)}`);
    // Crossed later: the threshold alarm wakes the worker and it announces the 80 % mark.
    await expect
      .poll(notificationIds, { timeout: 30_000 })
      .toContain(`pactline|handoff-880014:mql-response:80|${recordUrl(880014)}`);
    const ids = await notificationIds();
    expect(ids.filter((id) => id.includes('handoff-880014:mql-response:80'))).toHaveLength(1);
  });

  it('lists the open clocks in the popup, least time left first, each linking to its record', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const items = popup.getByTestId('popup-clocks').getByRole('listitem');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(3);
    expect(await items.nth(0).textContent()).toContain('Omar Haddad');
    expect(await items.nth(1).textContent()).toContain('Lena Vogel');
    expect(await items.nth(1).getAttribute('data-state')).toBe('warning');
    expect(await items.nth(2).textContent()).toContain('Jonas Berg');
    expect(await items.nth(2).getByRole('link').getAttribute('href')).toBe(recordUrl(880012));
    // Every link the popup renders from the documents goes to an http(s) page; the hostile lead is
    // left out, not shown as a link.
    const hrefs = await popup
      .locator('a[href]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThanOrEqual(3);
    expect(hrefs.filter((href) => !/^(https?:|mailto:)/.test(href ?? ''))).toEqual([]);
    expect(await popup.getByText('Hostile Lead').count()).toBe(0);
    expect(await popup.getByTestId('popup-sync').textContent()).toContain('Synced');
    expect(await seriousViolations(popup)).toEqual([]);
    // A clock long breached reads "over 126:02:25": its column grows rather than running into the name.
    const overlaps = await popup.evaluate(() => {
      const time = document.querySelector<HTMLElement>('.clocks li .time');
      if (time) time.textContent = 'over 126:02:25';
      return Array.from(document.querySelectorAll('.clocks li')).filter((item) => {
        const shown = item.querySelector('.time')?.getBoundingClientRect();
        const name = item.querySelector('.name')?.getBoundingClientRect();
        return shown !== undefined && name !== undefined && shown.right > name.left;
      }).length;
    });
    expect(overlaps).toBe(0);
    await popup.close();
  });

  it('keeps the token where a CRM page’s process cannot read it', async () => {
    // storage.local is readable by content scripts, in every CRM tab's process: the worker moved
    // the token the test saved there into the extension's own IndexedDB, and left the address.
    const stored = () =>
      browser.worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
        };
        return (await chrome.storage.local.get('settings')).settings as {
          relay: { url: string; token: string; tokenRevision?: number };
        };
      });
    await expect.poll(async () => (await stored()).relay.token, { timeout: 10_000 }).toBe('');
    expect((await stored()).relay.url).toBe(relay.url);
    expect(JSON.stringify(await stored())).not.toContain(samToken);
    // The worker still connects with it: the popup lists Sam's clocks from the relay.
    await expect.poll(badgeText, { timeout: 20_000 }).toBe('2');
  });

  it('shows the workspace, user, role and expiry the token carries, and refuses a broken token', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const claims = options.getByTestId('token-claims');
    await expect.poll(() => claims.textContent(), { timeout: 10_000 }).toContain(workspace);
    expect(await claims.textContent()).toContain('Sam SDR (sam)');
    expect(await claims.textContent()).toContain('editor');
    expect(await seriousViolations(options)).toEqual([]);
    // Saving says so beside the button that saved, not at the top of the page.
    const save = options.getByRole('button', { name: 'Save relay' });
    await save.click();
    const saved = options.locator('section[aria-labelledby="relay-heading"] [role="status"]');
    await expect.poll(() => saved.textContent()).toBe('Saved.');
    const [button, note] = await Promise.all([save.boundingBox(), saved.boundingBox()]);
    expect(Math.abs((note?.y ?? 0) - (button?.y ?? 1000))).toBeLessThan(60);
    // The options page styles its buttons like the rest of Pactline, not the browser's default.
    expect(await save.evaluate((element) => getComputedStyle(element).borderRadius)).not.toBe('0px');
    await options.getByLabel('Token').fill('not-a-token');
    expect(await claims.textContent()).toContain('expected three dot-separated parts');
    await options.close();
  });

  it('shows a field the page does not fill as unreadable in the checklist, and keeps the overlay working', async () => {
    const page = await browser.context.newPage();
    // This lead's page shows no phone field at all: the automatic item cannot be judged.
    await page.goto(recordUrl(880099));
    await page.getByRole('button', { name: /Show details/ }).click({ timeout: 20_000 });
    await expect
      .poll(() => overlayText(page, 'pactline-panel'), { timeout: 10_000 })
      .toContain("can't read phone on this page");
    expect(await page.getByLabel('Phone number is filled in (required)').isChecked()).toBe(false);
    expect(await page.getByLabel('Email is filled in (required)').isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Hand off', exact: true }).isDisabled()).toBe(true);
    // The open overlay, audited on its own (the CRM page around it is not ours).
    expect(await seriousViolations(page, 'pactline-overlay')).toEqual([]);
    await page.close();
  });

  it('moves with the keyboard out of the way of CRM controls and stays where it was put', async () => {
    const page = await browser.context.newPage();
    await page.goto(recordUrl(880012));
    const grip = page.getByRole('button', { name: /Move the Pactline overlay/ });
    await grip.waitFor({ timeout: 20_000 });
    const rightOf = () =>
      page.evaluate(() => (document.querySelector('pactline-overlay') as HTMLElement | null)?.style.right);
    expect(await rightOf()).toBe('24px');
    await grip.focus();
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    expect(await rightOf()).toBe('72px');
    await page.reload();
    await page.getByRole('button', { name: /Move the Pactline overlay/ }).waitFor({ timeout: 20_000 });
    await expect.poll(rightOf, { timeout: 5_000 }).toBe('72px');
    expect(
      await page.evaluate(
        () => (document.querySelector('pactline-overlay') as HTMLElement | null)?.style.bottom,
      ),
    ).toBe('40px');
    await page.close();
  });

  it('comes back from IndexedDB after the service worker is stopped while the relay is down', async () => {
    // The worker has the clocks (the badge counts one) before the relay goes away.
    await expect.poll(badgeText, { timeout: 20_000 }).toBe('2');
    await relay.kill();
    const page = await browser.context.newPage();
    const cdp: CDPSession = await browser.context.newCDPSession(page);
    await browser.worker.evaluate(() => {
      (globalThis as { pactlineMarker?: boolean }).pactlineMarker = true;
    });
    // What Chrome does to an idle MV3 worker: stop it. Its in-memory state is gone.
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find(
      (target) => target.type === 'service_worker' && target.url.includes(browser.extensionId),
    );
    expect(worker).toBeDefined();
    await cdp.send('Target.closeTarget', { targetId: worker?.targetId ?? '' });
    await page.goto(recordUrl(880013));
    await expect.poll(() => overlayText(page, 'pactline-state'), { timeout: 20_000 }).toBe('Warning');
    expect(await overlayText(page, 'pactline-countdown')).toMatch(/^[0-4]:\d{2}$/);
    // A new worker answered: the old one's memory is gone, so the clock came from IndexedDB.
    const current = browser.context
      .serviceWorkers()
      .find((candidate) => candidate.url().includes(browser.extensionId));
    expect(
      await current?.evaluate(() => (globalThis as { pactlineMarker?: boolean }).pactlineMarker ?? false),
    ).toBe(false);
    await page.close();
  });
});
