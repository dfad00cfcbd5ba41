import type { Activity, HandoffEvent } from '@pactline/shared';
import { roomName } from '@pactline/shared';
import {
  type AgreementRead,
  activitiesRoomFor,
  appendActivity,
  appendHandoff,
  appendHandoffEvent,
  type DirectoryRead,
  type HandoffLogReader,
  handoffLogReader,
  handoffsRoomFor,
  readAgreement,
  readDirectory,
  recentMonths,
} from '@pactline/shared/doc';
import type { OpenDocumentOptions, OpenedDocument, SyncState } from '@pactline/shared/sync';
import type * as Y from 'yjs';
import type { SyncStatus } from '../../protocol/record-view.js';
import { eventsOf, type PlannedWrite } from '../plan-action.js';
import type { AgreementEntry, WorkspaceSnapshot } from '../workspace-snapshot.js';
import type { WorkspacePort } from './workspace-port.js';

export interface RelayWorkspaceConfig {
  workspace: string;
  relayUrl: string;
  token: string;
}

export interface RelayWorkspaceDeps {
  open: (room: string, options: OpenDocumentOptions) => OpenedDocument;
  nowMs: () => number;
}

/** Handoff logs are monthly rooms; clocks older than this many months are not shown. */
const monthsOfHandoffs = 3;

/**
 * Agreements open at once (one socket and one IndexedDB store each). A directory may list many
 * more, a hostile editor's thousands included; the worker opens the ones its clocks can need:
 * those the recent handoffs ran under (latest use first), then the agreements in force, then the
 * others in the directory's order.
 */
export const maxAgreementRooms = 12;

/**
 * The workspace's documents, owned by the background: the directory, every agreement it lists
 * and the recent monthly handoff logs, each loaded from IndexedDB first and synced through the
 * relay by the shared connector. Reads go through the shared document model; each document's read
 * is kept until that document changes, and a log's entries are validated once each
 * (`handoffLogReader`), so a change re-reads only what it touched.
 */
export function openRelayWorkspace(config: RelayWorkspaceConfig, deps: RelayWorkspaceDeps): WorkspacePort {
  const options: OpenDocumentOptions = { relayUrl: config.relayUrl, token: config.token };
  const opened = new Map<string, OpenedDocument>();
  const listeners = new Set<() => void>();
  const cleanups = new Map<OpenedDocument, () => void>();
  const logReaders = new Map<OpenedDocument, HandoffLogReader>();
  const agreementReads = new Map<OpenedDocument, AgreementRead>();
  const directoryRoom = roomName({ kind: 'directory', workspace: config.workspace });
  /** The directory as last read, until it changes (it is read on every log change to rank agreements). */
  let directoryRead: DirectoryRead | null = null;
  let cached: (WorkspaceSnapshot & { isSchemaTooNew: boolean }) | null = null;
  /** The log document each handoff of the cached snapshot was read from (the first, if in several). */
  let homes = new Map<string, OpenedDocument>();
  let isNotifyQueued = false;

  /** Sync state is not part of the snapshot: a connect, disconnect or unsent flip only notifies. */
  const notify = () => {
    if (isNotifyQueued) return;
    isNotifyQueued = true;
    queueMicrotask(() => {
      isNotifyQueued = false;
      for (const listener of listeners) listener();
    });
  };

  const changed = () => {
    cached = null;
    notify();
  };

  const isHandoffRoom = (room: string) => room.startsWith(`${config.workspace}/handoffs/`);

  let isRankQueued = false;
  const rankSoon = () => {
    if (isRankQueued) return;
    isRankQueued = true;
    queueMicrotask(() => {
      isRankQueued = false;
      if (opened.size > 0) openListedAgreements();
    });
  };

  const open = (room: string): OpenedDocument => {
    const existing = opened.get(room);
    if (existing) return existing;
    const document = deps.open(room, options);
    opened.set(room, document);
    // A document may arrive with content: read it with the others on the next snapshot.
    cached = null;
    if (isHandoffRoom(room)) logReaders.set(document, handoffLogReader(document.doc));
    const onUpdate = () => {
      agreementReads.delete(document);
      if (room === directoryRoom) directoryRead = null;
      // The handoffs name the agreements they ran under: which ones to keep open may change.
      if (isHandoffRoom(room)) rankSoon();
      changed();
    };
    document.doc.on('update', onUpdate);
    const unsubscribe = document.subscribe(notify);
    cleanups.set(document, () => {
      unsubscribe();
      document.doc.off('update', onUpdate);
      logReaders.get(document)?.destroy();
      logReaders.delete(document);
      agreementReads.delete(document);
    });
    return document;
  };

  const close = (room: string) => {
    const document = opened.get(room);
    if (document === undefined) return;
    opened.delete(room);
    cleanups.get(document)?.();
    cleanups.delete(document);
    cached = null;
    void document.destroy();
  };

  const directory = open(directoryRoom);
  const readListed = () => {
    directoryRead ??= readDirectory(directory.doc);
    return directoryRead;
  };
  const agreementRoom = (agreementId: string) =>
    roomName({ kind: 'agreement', workspace: config.workspace, agreementId });
  const isAgreementRoom = (room: string) => room.startsWith(`${config.workspace}/agreement/`);
  /** Opens the agreements worth having (see `maxAgreementRooms`) and closes the others. */
  const openListedAgreements = () => {
    const listed = readListed().agreements;
    const recentUse = new Map<string, number>();
    for (const reader of logReaders.values())
      for (const handoff of reader.read().handoffs)
        recentUse.set(
          handoff.agreementId,
          Math.max(recentUse.get(handoff.agreementId) ?? 0, handoff.startedAtMs),
        );
    const inForce = (status: string) => status === 'active' || status === 'under_review';
    const ranked = listed
      .map((agreement, position) => ({ agreement, position }))
      .filter(({ agreement }) => agreement.status !== 'cancelled' || recentUse.has(agreement.id))
      .sort(
        (a, b) =>
          (recentUse.get(b.agreement.id) ?? -1) - (recentUse.get(a.agreement.id) ?? -1) ||
          Number(inForce(b.agreement.status)) - Number(inForce(a.agreement.status)) ||
          a.position - b.position,
      )
      .slice(0, maxAgreementRooms);
    const wanted = new Set(ranked.map(({ agreement }) => agreementRoom(agreement.id)));
    for (const room of [...opened.keys()]) if (isAgreementRoom(room) && !wanted.has(room)) close(room);
    for (const room of wanted) open(room);
  };
  directory.doc.on('update', openListedAgreements);
  for (const month of recentMonths(deps.nowMs(), monthsOfHandoffs))
    open(roomName({ kind: 'handoffs', workspace: config.workspace, month }));

  const whenLoaded = (async () => {
    await directory.whenLocalLoaded;
    openListedAgreements();
    await Promise.all([...opened.values()].map((document) => document.whenLocalLoaded));
  })();

  function snapshot(): WorkspaceSnapshot & { isSchemaTooNew: boolean } {
    if (cached) return cached;
    const directoryNow = readListed();
    let isSchemaTooNew = directoryNow.isReadOnly;
    const agreements: AgreementEntry[] = [];
    for (const listed of directoryNow.agreements) {
      const document = opened.get(agreementRoom(listed.id));
      if (!document) continue;
      let read = agreementReads.get(document);
      if (read === undefined) {
        read = readAgreement(document.doc);
        agreementReads.set(document, read);
      }
      isSchemaTooNew ||= read.isReadOnly;
      if (read.agreement) {
        const { id, title, status, terms } = read.agreement;
        agreements.push({ id, title, status, terms });
      }
    }
    const readHomes = new Map<string, OpenedDocument>();
    const activities: Activity[] = [];
    const handoffs = [...logReaders.entries()].flatMap(([document, reader]) => {
      const read = reader.read();
      isSchemaTooNew ||= read.isReadOnly;
      for (const handoff of read.handoffs)
        if (!readHomes.has(handoff.id)) readHomes.set(handoff.id, document);
      activities.push(...read.activities);
      return read.handoffs;
    });
    homes = readHomes;
    cached = { agreements, members: directoryNow.members, handoffs, activities, isSchemaTooNew };
    return cached;
  }

  /** The log document holding a handoff, from the snapshot's reads rather than reading every log again. */
  function homeOf(handoffId: string): OpenedDocument | undefined {
    snapshot();
    return homes.get(handoffId);
  }

  function append(write: PlannedWrite): { ok: true } | { ok: false; code: string; message: string } {
    if (write.kind === 'handoff') {
      const result = appendHandoff(
        open(handoffsRoomFor(config.workspace, write.handoff.startedAtMs)).doc,
        write.handoff,
      );
      return result.ok ? { ok: true } : { ok: false, code: result.code, message: result.message };
    }
    const events = eventsOf(write);
    const byHome = new Map<OpenedDocument, HandoffEvent[]>();
    for (const event of events) {
      const home = homeOf(event.handoffId);
      if (!home)
        return {
          ok: false,
          code: 'unknown_handoff',
          message: 'That handoff is not in the recent handoff logs.',
        };
      byHome.set(home, [...(byHome.get(home) ?? []), event]);
    }
    for (const [home, homeEvents] of byHome) {
      const failed = appendInOneTransaction(home.doc, homeEvents);
      if (failed) return failed;
    }
    if (write.kind === 'activity') {
      const result = appendActivity(
        open(activitiesRoomFor(config.workspace, write.activity.atMs)).doc,
        write.activity,
      );
      if (!result.ok) return { ok: false, code: result.code, message: result.message };
    }
    return { ok: true };
  }

  function sync(): SyncStatus {
    const states: SyncState[] = [...opened.values()].map((document) => document.getState());
    const stopped = states.find((state) => state.stopped)?.stopped;
    const hasUnsentChanges = states.some((state) => state.hasUnsentChanges);
    if (stopped) return { state: 'offline', hasUnsentChanges, message: stopped.message };
    if (states.some((state) => state.status === 'offline')) return { state: 'offline', hasUnsentChanges };
    if (states.some((state) => state.status === 'connecting'))
      return { state: 'connecting', hasUnsentChanges };
    return { state: 'connected', hasUnsentChanges };
  }

  return {
    whenLoaded,
    snapshot,
    append,
    sync,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      directory.doc.off('update', openListedAgreements);
      for (const cleanup of cleanups.values()) cleanup();
      cleanups.clear();
      for (const document of opened.values()) void document.destroy();
      opened.clear();
    },
  };
}

/** Appends events to one log in a single transaction: an action that fails writes nothing. */
function appendInOneTransaction(
  doc: Y.Doc,
  events: readonly HandoffEvent[],
): { ok: false; code: string; message: string } | null {
  let failed: { ok: false; code: string; message: string } | null = null;
  doc.transact(() => {
    for (const event of events) {
      const result = appendHandoffEvent(doc, event);
      if (result.ok) continue;
      failed = { ok: false, code: result.code, message: result.message };
      return;
    }
  });
  return failed;
}
