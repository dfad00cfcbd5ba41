import type { Browser, BrowserContext, Page } from 'playwright-core';
import { desktopViewport, followSignInLink, pwaLink, waitForStatus } from './pwa-browser';
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
  await followSignInLink(page, pwaLink(pwaUrl, route, relay.url, token));
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

/**
 * Puts the caret at the very start or end of a section and waits until the editor has taken the
 * new selection (ProseMirror reads the browser's selection on its change event, and a busy machine
 * can deliver the next key first).
 */
export async function caretTo(page: Page, sectionId: string, where: 'start' | 'end'): Promise<void> {
  const editor = section(page, sectionId);
  await editor.click();
  // A remote cursor arriving at the same place can re-render the text under the caret: press again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(where === 'end' ? 'Control+End' : 'Control+Home');
    if (await caretIsAt(editor, where)) return;
    if (attempt === 3) throw new Error(`the caret did not reach the ${where} of the section`);
  }
}

function caretIsAt(editor: ReturnType<typeof section>, where: 'start' | 'end'): Promise<boolean> {
  return editor.evaluate(
    (element, where) =>
      new Promise<boolean>((resolve) => {
        const deadline = Date.now() + 2000;
        // Recomputed on every frame: the other editor's cursor decoration can re-render the text nodes.
        const targetOf = () => {
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          const texts: Node[] = [];
          for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
            // Another editor's cursor label is text inside the section too, but no caret can go there.
            if (node.parentElement?.closest('.ProseMirror-yjs-cursor') === null) texts.push(node);
          }
          const target = where === 'end' ? texts.at(-1) : texts[0];
          return { target, offset: where === 'end' ? (target?.textContent?.length ?? -1) : 0 };
        };
        const check = () => {
          const { target, offset } = targetOf();
          const selection = getSelection();
          const isThere =
            selection !== null &&
            selection.isCollapsed &&
            selection.anchorNode === target &&
            selection.anchorOffset === offset;
          // Two frames more let the editor handle the selection change before the next key.
          if (isThere) requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
          else if (Date.now() > deadline) resolve(false);
          else requestAnimationFrame(check);
        };
        check();
      }),
    where,
  );
}
