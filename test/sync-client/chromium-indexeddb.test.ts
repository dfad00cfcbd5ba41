import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handoffsRoomFor, readAgreement, readHandoffLog } from '@pactline/shared/doc';
import type { openDocument } from '@pactline/shared/sync';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumExecutablePath } from '../support/chromium-args.js';
import { startPactlineRelay } from './pactline-relay.js';
import type { TestRelay } from './reference-relay.js';
import {
  freshWorkspace,
  openRelayObserver,
  pollFor,
  salesforceHandoff,
  waitForState,
} from './sync-client-support.js';

/**
 * The connector in real Chromium with its real IndexedDB, against the relay process: an edit made
 * while the relay is down survives a page reload and reaches the relay once it is back.
 */

type PageApi = {
  pactline: {
    openDocument: typeof openDocument;
    documentModel: typeof import('@pactline/shared/doc');
  };
  current?: ReturnType<typeof openDocument>;
};

type ExtensionPatternApi = PageApi & {
  documents?: ReturnType<typeof openDocument>[];
  log?: ReturnType<typeof openDocument>;
};

let relay: TestRelay;
let server: Server;
let pageUrl: string;
let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  relay = await startPactlineRelay();
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'browser-entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@pactline/source'],
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  server = createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>sync</title><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  userDataDir = mkdtempSync(join(tmpdir(), 'pactline-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
  });
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await relay?.stop();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

async function openInPage(page: Page, room: string, token: string, relayUrl: string): Promise<void> {
  await page.waitForFunction(() => 'pactline' in globalThis);
  await page.evaluate(
    ([room, token, relayUrl]) => {
      const api = globalThis as unknown as PageApi;
      api.current = api.pactline.openDocument(room, { relayUrl, token, isBroadcastChannelEnabled: false });
    },
    [room, token, relayUrl] as const,
  );
}

function pageStatus(page: Page, status: string) {
  return page.waitForFunction(
    (wanted) => (globalThis as unknown as PageApi).current?.getState().status === wanted,
    status,
    {
      timeout: 20_000,
    },
  );
}

describe('openDocument in Chromium with its real IndexedDB', () => {
  it('keeps an edit made while the relay is down across a reload, and delivers it when the relay is back', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/chromium`;
    const token = await relay.mintToken({ ws: workspace });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await openInPage(page, room, token, relay.url);
    await pageStatus(page, 'synced');
    expect(
      await page.evaluate(() => {
        const api = globalThis as unknown as PageApi;
        const doc = api.current!.doc;
        return api.pactline.documentModel.initAgreement(doc, {
          id: 'chromium',
          title: 'Acme SLA',
          createdAtMs: 1,
        });
      }),
    ).toEqual({ ok: true, isCreated: true });
    await pageStatus(page, 'synced');

    await relay.goOffline();
    await pageStatus(page, 'offline');
    const offlineEdit = await page.evaluate(() => {
      const api = globalThis as unknown as PageApi;
      const result = api.pactline.documentModel.setAgreementTitle(
        api.current!.doc,
        'Edited offline in Chromium',
      );
      return { result, state: api.current!.getState() };
    });
    expect(offlineEdit.result).toEqual({ ok: true });
    expect(offlineEdit.state).toMatchObject({ status: 'offline', hasUnsentChanges: true });
    // The tab closes its document (as on pagehide), then comes back while the relay is still down.
    await page.evaluate(() => (globalThis as unknown as PageApi).current!.destroy());
    await page.reload();
    await openInPage(page, room, token, relay.url);
    const reloaded = await page.evaluate(async () => {
      const api = globalThis as unknown as PageApi;
      await api.current!.whenLocalLoaded;
      return {
        title: api.pactline.documentModel.readAgreement(api.current!.doc).agreement?.title,
        state: api.current!.getState(),
      };
    });
    expect(reloaded.title).toBe('Edited offline in Chromium');
    expect(reloaded.state).toMatchObject({ isLocalLoaded: true, hasUnsentChanges: true });
    expect(reloaded.state.localError).toBeUndefined();
    expect(['offline', 'connecting']).toContain(reloaded.state.status);

    await relay.goOnline();
    await pageStatus(page, 'synced');
    const observer = openRelayObserver(room, relay, token);
    try {
      await waitForState(observer, (state) => state.status === 'synced', 'observer synced');
      await pollFor(
        () =>
          readAgreement(observer.doc).agreement?.title === 'Edited offline in Chromium' ? true : undefined,
        'the offline edit at the relay',
      );
      expect(readAgreement(observer.doc).agreement?.title).toBe('Edited offline in Chromium');
    } finally {
      await observer.destroy();
      await page.evaluate(() => (globalThis as unknown as PageApi).current?.destroy());
      await page.close();
    }
  });
});

describe('the extension background pattern in Chromium with its real IndexedDB', () => {
  it('confirms a handoff appended in the same tick as opening fresh rooms, and one appended while the relay was down', async () => {
    const workspace = freshWorkspace();
    const token = await relay.mintToken({ ws: workspace });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'pactline' in globalThis);
    const startedAtMs = Date.UTC(2026, 10, 2, 9);
    const logRoom = handoffsRoomFor(workspace, startedAtMs);
    const rooms = [
      `${workspace}/directory`,
      `${workspace}/agreement/a1`,
      logRoom,
      handoffsRoomFor(workspace, Date.UTC(2026, 9, 2)),
      handoffsRoomFor(workspace, Date.UTC(2026, 8, 2)),
    ];
    const appendInPage = (id: string) =>
      page.evaluate(
        (handoff) => {
          const api = globalThis as unknown as ExtensionPatternApi;
          const result = api.pactline.documentModel.appendHandoff(api.log!.doc, handoff);
          return { result, state: api.log!.getState() };
        },
        salesforceHandoff(id, startedAtMs),
      );
    const logConfirmed = () =>
      page.waitForFunction(
        () => {
          const state = (globalThis as unknown as ExtensionPatternApi).log?.getState();
          return state?.status === 'synced' && !state.hasUnsentChanges;
        },
        undefined,
        { timeout: 20_000 },
      );
    try {
      // Every room opened, and the handoff appended before any of them loaded its store.
      await page.evaluate(
        ([rooms, logRoom, token, relayUrl]) => {
          const api = globalThis as unknown as ExtensionPatternApi;
          api.documents = rooms.map((room) => api.pactline.openDocument(room, { relayUrl, token }));
          api.log = api.documents[rooms.indexOf(logRoom)];
        },
        [rooms, logRoom, token, relay.url] as const,
      );
      const first = await appendInPage('h1');
      expect(first.result).toEqual({ ok: true });
      expect(first.state.hasUnsentChanges).toBe(true);
      await logConfirmed();

      await relay.goOffline();
      await page.waitForFunction(
        () => (globalThis as unknown as ExtensionPatternApi).log?.getState().status === 'offline',
        undefined,
        { timeout: 20_000 },
      );
      const second = await appendInPage('h2');
      expect(second.result).toEqual({ ok: true });
      expect(second.state).toMatchObject({ status: 'offline', hasUnsentChanges: true });
      await relay.goOnline();
      await logConfirmed();

      const observer = openRelayObserver(logRoom, relay, token);
      try {
        await waitForState(observer, (state) => state.status === 'synced', 'observer synced');
        expect(
          readHandoffLog(observer.doc)
            .handoffs.map((handoff) => handoff.id)
            .sort(),
        ).toEqual(['h1', 'h2']);
      } finally {
        await observer.destroy();
      }
    } finally {
      await page.evaluate(() =>
        Promise.all(
          ((globalThis as unknown as ExtensionPatternApi).documents ?? []).map((document) =>
            document.destroy(),
          ),
        ),
      );
      await page.close();
    }
  });
});
