import type { Browser, BrowserContext, Page } from 'playwright-core';
import { desktopViewport, pwaLink, waitForStatus } from './pwa-browser';
import type { RelayClaims, RunningRelay } from './relay-process';

/**
 * One person using the PWA: their own browser context (own IndexedDB, own service worker), signed
 * in through a link that carries the relay URL and their token.
 */
export type PwaUser = { context: BrowserContext; page: Page; token: string; errors: string[] };

export async function openAs(
  browser: Browser,
  relay: RunningRelay,
  pwaUrl: string,
  claims: RelayClaims,
  route = '/',
  viewport = desktopViewport,
): Promise<PwaUser> {
  const token = await relay.mintToken(claims);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.message}\n${error.stack ?? ''}`));
  await page.goto(pwaLink(pwaUrl, route, relay.url, token));
  try {
    await waitForStatus(page, 'synced');
  } catch (error) {
    const badge = page.locator('output.sync');
    const seen = `${await badge.getAttribute('data-status')} (${await badge.getAttribute('title')}) at ${page.url()}`;
    throw new Error(`${claims.sub} never got in sync: ${seen}; page errors: ${errors.join('; ')}`, {
      cause: error,
    });
  }
  return { context, page, token, errors };
}

/** Creates an agreement from the template and returns its id, read from the URL it opens. */
export async function createAgreement(page: Page, title: string): Promise<string> {
  await page.goto(`${new URL(page.url()).origin}/#/new`);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create from template' }).click();
  await page.locator('[data-section="summary"]').waitFor();
  const match = /#\/a\/([^/]+)\//.exec(page.url());
  if (!match?.[1]) throw new Error(`no agreement id in ${page.url()}`);
  return decodeURIComponent(match[1]);
}

export function section(page: Page, sectionId: string) {
  return page.locator(`.ProseMirror[data-section="${sectionId}"]`);
}

/** A section's text as written, without the collaborators' cursor labels drawn inside it. */
export async function sectionText(page: Page, sectionId: string): Promise<string> {
  return section(page, sectionId).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((cursor) => {
      cursor.remove();
    });
    return copy.textContent ?? '';
  });
}
