import type { HandoffEvent } from '@pactline/shared';
import { roomName } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  readAgreement,
  readDirectory,
  readHandoffLog,
  recentMonths,
} from '@pactline/shared/doc';
import type { OpenDocumentOptions, OpenedDocument, SyncState } from '@pactline/shared/sync';
import type * as Y from 'yjs';
import type { SyncStatus } from '../../protocol/record-view.js';
import type { PlannedWrite } from '../plan-action.js';
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
 * The workspace's documents, owned by the background: the directory, every agreement it lists
 * and the recent monthly handoff logs, each loaded from IndexedDB first and synced through the
 * relay by the shared connector. Reads go through the shared document model and are cached until
 * the next change.
 */
export function openRelayWorkspace(config: RelayWorkspaceConfig, deps: RelayWorkspaceDeps): WorkspacePort {
  const options: OpenDocumentOptions = { relayUrl: config.relayUrl, token: config.token };
  const opened = new Map<string, OpenedDocument>();
  const listeners = new Set<() => void>();
  const cleanups: Array<() => void> = [];
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

  const open = (room: string): OpenedDocument => {
    const existing = opened.get(room);
    if (existing) return existing;
    const document = deps.open(room, options);
    opened.set(room, document);
    // A document may arrive with content: read it with the others on the next snapshot.
    cached = null;
    document.doc.on('update', changed);
    cleanups.push(document.subscribe(notify));
    return document;
  };

  const directory = open(roomName({ kind: 'directory', workspace: config.workspace }));
  const agreementRoom = (agreementId: string) =>
    roomName({ kind: 'agreement', workspace: config.workspace, agreementId });
  const openListedAgreements = () => {
    for (const agreement of readDirectory(directory.doc).agreements) open(agreementRoom(agreement.id));
  };
  directory.doc.on('update', openListedAgreements);
  for (const month of recentMonths(deps.nowMs(), monthsOfHandoffs))
    open(roomName({ kind: 'handoffs', workspace: config.workspace, month }));

  const whenLoaded = (async () => {
    await directory.whenLocalLoaded;
    openListedAgreements();
    await Promise.all([...opened.values()].map((document) => document.whenLocalLoaded));
  })();

  const isHandoffRoom = (room: string) => room.startsWith(`${config.workspace}/handoffs/`);

  function snapshot(): WorkspaceSnapshot & { isSchemaTooNew: boolean } {
    if (cached) return cached;
    const directoryRead = readDirectory(directory.doc);
    let isSchemaTooNew = directoryRead.isReadOnly;
    const agreements: AgreementEntry[] = [];
    for (const listed of directoryRead.agreements) {
      const document = opened.get(agreementRoom(listed.id));
      if (!document) continue;
      const read = readAgreement(document.doc);
      isSchemaTooNew ||= read.isReadOnly;
      if (read.agreement) {
        const { id, title, status, terms } = read.agreement;
        agreements.push({ id, title, status, terms });
      }
    }
    const readHomes = new Map<string, OpenedDocument>();
    const handoffs = [...opened.entries()]
      .filter(([room]) => isHandoffRoom(room))
      .flatMap(([, document]) => {
        const read = readHandoffLog(document.doc);
        isSchemaTooNew ||= read.isReadOnly;
        for (const handoff of read.handoffs)
          if (!readHomes.has(handoff.id)) readHomes.set(handoff.id, document);
        return read.handoffs;
      });
    homes = readHomes;
    cached = { agreements, members: directoryRead.members, handoffs, isSchemaTooNew };
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
    const events: HandoffEvent[] =
      write.kind === 'event' ? [write.event, ...write.judgements] : write.judgements;
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
      for (const cleanup of cleanups) cleanup();
      directory.doc.off('update', openListedAgreements);
      for (const document of opened.values()) void document.destroy();
      opened.clear();
    },
  };
}

/**
 * Appends events to one log in a single transaction, so an action and the judgement it decides
 * reach every device together. A judgement already recorded (the same id from another device, or
 * from an earlier wake-up of this one) is done, not a failure; an action that fails writes nothing.
 */
function appendInOneTransaction(
  doc: Y.Doc,
  events: readonly HandoffEvent[],
): { ok: false; code: string; message: string } | null {
  let failed: { ok: false; code: string; message: string } | null = null;
  doc.transact(() => {
    for (const event of events) {
      const result = appendHandoffEvent(doc, event);
      if (result.ok || (event.type === 'judged' && result.code === 'duplicate')) continue;
      failed = { ok: false, code: result.code, message: result.message };
      return;
    }
  });
  return failed;
}
