import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumExecutablePath } from './chromium-args.js';

export const screenshotDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs, headless: true });
}

/** A browser with its own profile directory, which survives a relaunch (for cold starts). */
export async function launchPersistent(
  userDataDir = mkdtempSync(join(tmpdir(), 'pactline-pwa-profile-')),
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; userDataDir: string }> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
    headless: true,
    viewport,
  });
  return { context, userDataDir };
}

export const phoneViewport = { width: 390, height: 844 };
export const desktopViewport = { width: 1280, height: 800 };

/** The link a manager would be sent: it stores the relay URL and token, then opens `route`. */
export function pwaLink(baseUrl: string, route: string, relayUrl: string, token: string): string {
  const params = new URLSearchParams({ token, relay: relayUrl });
  return `${baseUrl}/#${route}?${params.toString()}`;
}

/**
 * Follows a sign-in link as a person would: where the PWA asks before a link changes its relay or
 * replaces its token, the person says yes.
 */
export async function followSignInLink(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const connect = page.getByRole('button', { name: /^Connect to / });
  await connect.or(page.locator('output.sync')).first().waitFor();
  if (await connect.isVisible()) await connect.click();
}

export async function syncStatus(page: Page): Promise<string | null> {
  return page.locator('output.sync').getAttribute('data-status');
}

export async function waitForStatus(page: Page, status: string, timeoutMs = 15_000): Promise<void> {
  await page.locator(`output.sync[data-status="${status}"]`).waitFor({ timeout: timeoutMs });
}

export async function screenshot(page: Page, name: string, { fullPage = false } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Waits until the service worker controls the page, so a reload can be served offline. */
export async function waitForServiceWorkerControl(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    if (Date.now() > deadline) throw new Error('the service worker never took control of the page');
    // generateSW's worker does not claim the first load: a reload brings it under control.
    await page.reload({ waitUntil: 'load' });
  }
}
