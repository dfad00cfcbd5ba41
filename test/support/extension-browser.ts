import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { chromiumArgs, chromiumExecutablePath } from './chromium-args.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const extensionDir = join(repoRoot, 'extension');
export const extensionBuildDir = join(extensionDir, '.output/chrome-mv3');
export const crmFixturesDir = join(extensionDir, 'src/crm');
export const testResultsDir = join(repoRoot, 'test-results');

export const storeBuildDir = join(extensionDir, '.output/chrome-mv3-store');

/**
 * Builds the Chrome extension as shipped (`wxt build`), so the tests load what users would; with
 * `store`, the store build (`PACTLINE_STORE_BUILD=1`, into `storeBuildDir`).
 */
export function buildExtension(options: { store?: boolean } = {}): void {
  // Vitest sets NODE_ENV=test, which would give a development JSX build.
  execFileSync('npx', ['wxt', 'build'], {
    cwd: extensionDir,
    stdio: 'pipe',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ...(options.store ? { PACTLINE_STORE_BUILD: '1' } : {}),
    },
  });
}

export function fixtureHtml(crm: string, page: string): string {
  return readFileSync(join(crmFixturesDir, crm, 'fixtures', page, 'page.html'), 'utf8');
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Serves `html` for every URL under `origin` (the real CRM host, routed, never fetched). */
  serve(origin: string, html: (url: URL) => string): Promise<void>;
  /**
   * Settings as a user would save them in the options page: this relay and token, times shown in
   * UTC, no extra CRM hosts, the overlay in its default corner.
   */
  useRelay(relayUrl: string, token: string): Promise<void>;
  close(): Promise<void>;
}

/** Debian Chromium with the built extension (from `buildDir`) loaded, in a fresh profile. */
export async function launchExtensionBrowser(buildDir = extensionBuildDir): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pactline-ext-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumExecutablePath,
    headless: false,
    viewport: { width: 1280, height: 800 },
    args: [...chromiumArgs, `--disable-extensions-except=${buildDir}`, `--load-extension=${buildDir}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async serve(origin, html) {
      await context.route(`${origin}/**`, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: html(new URL(route.request().url())),
        }),
      );
    },
    async useRelay(relayUrl, token) {
      const settings = {
        relay: { url: relayUrl, token },
        displayTimeZone: 'UTC',
        genericPatterns: [],
        salesforceHosts: [],
        overlayPosition: { rightPx: 24, bottomPx: 24 },
      };
      // Runs in the extension's service worker, where `chrome` exists; the test's own types have no DOM extension APIs.
      await worker.evaluate(async (value) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { local: { set(items: object): Promise<void> } } };
        };
        await chrome.storage.local.set({ settings: value, settings$: { v: 2 } });
      }, settings);
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The text of an overlay part (`pactline-state`, `pactline-countdown`…) right now, or null when the
 * page does not show it; never waits, so it suits `expect.poll`.
 */
export async function overlayText(page: Page, testId: string): Promise<string | null> {
  const part = page.getByTestId(testId);
  if ((await part.count()) === 0) return null;
  return await part
    .first()
    .textContent({ timeout: 1_000 })
    .catch(() => null);
}

export const countdownText = (page: Page) => overlayText(page, 'pactline-countdown');
