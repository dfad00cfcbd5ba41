import type { Browser } from 'playwright-core';
import { launchChromium } from './pwa-browser';
import { type PwaServer, startPwaServer } from './pwa-server';
import { createAgreement, openAs, type PwaUser } from './pwa-session';
import { type RunningRelay, startRelay } from './relay-process';

/** A real relay, the built PWA served over HTTP and one Chromium: what every PWA end-to-end test runs on. */
export type PwaStack = { relay: RunningRelay; pwa: PwaServer; browser: Browser };

export async function startPwaStack(): Promise<PwaStack> {
  const [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
  return { relay, pwa, browser };
}

export async function stopPwaStack(stack: PwaStack | undefined): Promise<void> {
  await stack?.browser.close();
  await Promise.all([stack?.pwa.stop(), stack?.relay.kill('SIGTERM')]);
}

/**
 * Ana (marketing) creates an agreement titled `title`; Ben (SDR), a second editor of the same
 * workspace in his own browser context, opens its text.
 */
export async function openTwoEditors(
  { browser, relay, pwa }: PwaStack,
  title: string,
): Promise<{ ana: PwaUser; ben: PwaUser; agreementId: string }> {
  const ana = await openAs(browser, relay, pwa.url, {
    ws: 'acme',
    sub: 'ana',
    role: 'editor',
    name: 'Ana Marketing',
  });
  const agreementId = await createAgreement(ana.page, title);
  const ben = await openAs(
    browser,
    relay,
    pwa.url,
    { ws: 'acme', sub: 'ben', role: 'editor', name: 'Ben SDR' },
    `/a/${agreementId}/text`,
  );
  return { ana, ben, agreementId };
}
