import { agreementSection, handoffsRoomFor } from '@pactline/shared/doc';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeThroughRelay } from '../support/extension-workspace';
import { launchChromium } from '../support/pwa-browser';
import { type SeededWorkspace, seedWorkspace } from '../support/pwa-seed';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { openAs, type PwaUser, section, sectionText } from '../support/pwa-session';
import { connectProvider, waitFor } from '../support/relay-clients';
import { type RunningRelay, startRelay } from '../support/relay-process';

/**
 * A hostile editor writes links straight into the shared document with a client of their own,
 * bypassing the PWA's editor; a manager then reads the agreement. Nothing they wrote may become a
 * script the manager runs: the page's policy refuses inline script, and a `javascript:` link is
 * shown as text.
 */
let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;
let seeded: SeededWorkspace;
let manager: PwaUser;

/** A paragraph with one linked run, written as y-prosemirror stores marks: a formatting attribute. */
function linkedParagraph(text: string, href: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  paragraph.insert(0, [run]);
  run.insert(0, text, { link: { href, title: null } });
  return paragraph;
}

beforeAll(async () => {
  [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
  seeded = await seedWorkspace(relay, 'initech', {
    title: 'Initech SLA',
    handoffCount: 1,
    nowMs: Date.now(),
  });
  // Written by a client of their own, and held by the relay before anyone reads it.
  const mallory = await relay.mintToken({ ws: 'initech', sub: 'mallory', role: 'editor' });
  await writeThroughRelay(relay.url, mallory, `initech/agreement/${seeded.agreementId}`, (doc) =>
    agreementSection(doc, 'summary').insert(0, [
      linkedParagraph('Click for the pricing annex', 'javascript:window.__stolen=localStorage.length'),
      linkedParagraph('The public pricing page', 'https://example.com/pricing'),
    ]),
  );
  // And a handoff whose lead address is script. The model refuses it on write, and so does the
  // relay today; a relay holding it from before it checked entries still serves it.
  const nowMs = Date.now();
  await relay.storeWhileStopped(handoffsRoomFor('initech', nowMs), (doc) =>
    doc.getMap('handoffs').set('h-hostile', {
      id: 'h-hostile',
      agreementId: seeded.agreementId,
      rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot',
        objectType: 'contact',
        recordId: '666',
        url: 'javascript:window.__stolen=localStorage.length',
        displayName: 'Hostile Lead',
      },
      fromPartyId: 'marketing',
      fromUserId: 'mallory',
      toPartyId: 'sdr',
      toUserId: 'sam',
      checklist: [],
      startedAtMs: nowMs - 60_000,
    }),
  );
  manager = await openAs(
    browser,
    relay,
    pwa.url,
    { ws: 'initech', sub: 'morgan', role: 'viewer', name: 'Morgan Manager' },
    `/a/${seeded.agreementId}/text`,
  );
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM')]);
});

describe('hostile content in the agreement text', () => {
  it('shows a javascript: link as text, and a safe link without opener or referrer', async () => {
    const { page } = manager;
    const summary = section(page, 'summary');
    await summary.filter({ hasText: 'Click for the pricing annex' }).waitFor({ timeout: 20_000 });
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.filter((href) => !/^(https?:|mailto:|#|\/)/.test(href ?? ''))).toEqual([]);
    await summary.locator('[data-refused-link]', { hasText: 'Click for the pricing annex' }).click();
    expect(await page.evaluate(() => (window as unknown as { __stolen?: number }).__stolen)).toBeUndefined();
    const safe = summary.locator('a', { hasText: 'The public pricing page' });
    expect(await safe.getAttribute('href')).toBe('https://example.com/pricing');
    expect(await safe.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('renders every link, on every screen and in a handoff’s detail, to http(s), mailto or itself', async () => {
    const { page } = manager;
    const outward = async () =>
      page
        .locator('a[href]')
        .evaluateAll((links) =>
          links.map((link) => link.getAttribute('href') ?? '').filter((href) => !/^(#|\/(?!\/))/.test(href)),
        );
    const origin = new URL(page.url()).origin;
    const screens = ['#/', '#/log', '#/dashboard', '#/settings'].concat(
      ['text', 'parties', 'calendars', 'rules', 'checklists', 'signing'].map(
        (tab) => `#/a/${seeded.agreementId}/${tab}`,
      ),
    );
    const seen: string[] = [];
    for (const screen of screens) {
      await page.goto(`${origin}/${screen}`);
      await page.locator('main h1').first().waitFor({ timeout: 20_000 });
      seen.push(...(await outward()));
      if (screen === '#/log') {
        // The seeded handoff's detail links to its CRM record; the hostile one is not in the log at all.
        await page.locator('button.row-open').first().click();
        await page.getByRole('dialog').waitFor();
        seen.push(...(await outward()));
        expect(await page.getByText('Hostile Lead').count()).toBe(0);
      }
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((href) => !/^(https?:|mailto:)/.test(href))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __stolen?: number }).__stolen)).toBeUndefined();
  });

  it('runs under a policy that refuses inline script and connects only to itself and relays', async () => {
    const { page } = manager;
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const directives = new Map(
      (policy ?? '').split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:', 'http:', 'https:']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    // An inline script planted in the page does not run.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { __inline?: boolean }).__inline ?? false;
    });
    expect(ran).toBe(false);
  });
});

describe('junk in one agreement section', () => {
  it('shows that section as broken for everyone, keeps the others editable, and an editor restores it', async () => {
    const room = `initech/agreement/${seeded.agreementId}`;
    const editor = await openAs(
      browser,
      relay,
      pwa.url,
      { ws: 'initech', sub: 'ana', role: 'editor', name: 'Ana Editor' },
      `/a/${seeded.agreementId}/text`,
    );
    const goalsCard = (page: typeof editor.page) =>
      page.locator('section.section', { has: page.locator('#section-goals') });
    await section(editor.page, 'goals').waitFor({ timeout: 20_000 });
    const goodText = await sectionText(editor.page, 'goals');
    expect(goodText.length).toBeGreaterThan(10);
    // The device keeps its last good copy a second after reading the section whole.
    await expect
      .poll(() =>
        editor.page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes(':goals')).length),
      )
      .toBe(1);

    // What was tried: a client of Mallory's own writes a number and an element no schema knows
    // into the Goals section while Ana has it open, and before Morgan opens it.
    const mallory = await relay.mintToken({ ws: 'initech', sub: 'mallory', role: 'editor' });
    await writeThroughRelay(relay.url, mallory, room, (doc) => {
      const goals = agreementSection(doc, 'goals');
      goals.insert(goals.length, [42 as unknown as Y.XmlElement, new Y.XmlElement('script')]);
    });

    for (const { page } of [editor, manager]) {
      if (page === manager.page) {
        // Morgan opens the section after the junk arrived: the first read, not a live change.
        await page.goto(`${new URL(page.url()).origin}/#/a/${seeded.agreementId}/text`);
        await page.reload();
      }
      const broken = goalsCard(page).locator('[data-broken]');
      await broken.waitFor({ timeout: 20_000 });
      expect(await broken.textContent()).toContain(
        'holds content Pactline cannot show (a value that is not text (number))',
      );
      // Its readable parts still show, and every other section is still there.
      expect(await broken.locator('.readable-parts').textContent()).toContain(goodText.slice(0, 20));
      await expect.poll(() => page.locator('.ProseMirror[data-section]').count()).toBe(8);
    }
    expect(
      await goalsCard(manager.page).getByRole('button', { name: 'Restore the last good version' }).count(),
    ).toBe(0);
    expect(await goalsCard(manager.page).textContent()).toContain('An editor can restore it.');
    // Nothing was deleted behind anyone's back: the relay still holds what Mallory wrote.
    const reader = connectProvider(relay.url, room, mallory);
    try {
      await reader.synced();
      expect(agreementSection(reader.doc, 'goals').toArray() as unknown[]).toContain(42);

      const restore = goalsCard(editor.page).getByRole('button', { name: 'Restore the last good version' });
      expect(await goalsCard(editor.page).textContent()).toContain('From the copy this device kept on');
      await restore.click();
      await section(editor.page, 'goals').waitFor({ timeout: 10_000 });
      expect(await sectionText(editor.page, 'goals')).toBe(goodText);
      await section(manager.page, 'goals').waitFor({ timeout: 20_000 });
      expect(await sectionText(manager.page, 'goals')).toBe(goodText);
      await waitFor(() => !(agreementSection(reader.doc, 'goals').toArray() as unknown[]).includes(42), {
        what: 'the restore to reach other members',
      });
    } finally {
      reader.destroy();
    }
    expect(editor.errors).toEqual([]);
    expect(manager.errors).toEqual([]);
    await editor.context.close();
  });
});
