import {
  type Agreement,
  type HandoffEvent,
  type HandoffWithEvents,
  type Member,
  roomName,
} from '@pactline/shared';
import {
  appendHandoffEvent,
  type HandoffLogReader,
  handoffLogReader,
  readAgreement,
  readDirectory,
  recentMonths,
} from '@pactline/shared/doc';
import * as Y from 'yjs';
import type { Log } from '../log.js';
import { type ClockPlanner, createClockPlanner } from './clock-planner.js';

/**
 * The watcher: keeps every open clock of the workspaces it is told about in view with every
 * browser closed, and records their rungs (`escalated`) and outcomes (`judged`).
 *
 * - Per workspace it holds the directory, each listed agreement and the handoff logs of the last
 *   `monthsWatched` months open in the relay, reading them only through the shared document model.
 * - It sleeps until the earliest `nextClockChangeAtMs` of the workspace (one timer per workspace,
 *   no scanning loop) and re-plans at once on any change to those documents: a new handoff, a
 *   pause, a first touch, a rule or calendar edit.
 * - It writes into a room through the relay's own write function (stored, then broadcast like a
 *   client's update). Events have deterministic ids and content, so the watcher, each extension and
 *   a restarted watcher converge on one entry; the watcher writes on a mirror of the log and sends
 *   only the difference.
 * - A `lease` decides, per workspace, whether this relay is the one that writes.
 */

export type WatchedRoom = {
  /** The room's document as the relay holds it: read and observed, never written directly. */
  readonly doc: Y.Doc;
  /** Stores an update and broadcasts it to the room's members, like an update from a client. */
  write(update: Uint8Array): Promise<void>;
  /** Lets the relay unload the room again. */
  release(): void;
};

export type WatcherLease = { holds(workspace: string): boolean };

export type WatcherOptions = {
  openRoom(name: string): Promise<WatchedRoom>;
  nowMs: () => number;
  log: Log;
  monthsWatched?: number;
  lease?: WatcherLease;
  /** Runs `run` at `atMs` (or soon after); returns a cancel function. */
  schedule?: (atMs: number, run: () => void) => () => void;
  /** Called for each event written, with the lag from its due instant. */
  onWritten?: (event: HandoffEvent, lagMs: number) => void;
  /** Called after each planning run of a workspace: its open clocks, and whether a timer is armed. */
  onPlanned?: (workspace: string, plan: { openClocks: number; isTimerArmed: boolean }) => void;
  /**
   * Called once per process for each `escalated` event in a watched log (whoever wrote it), while
   * this relay holds the workspace's lease: delivery queues it under its idempotency key.
   */
  onEscalated?: (
    workspace: string,
    agreement: Agreement,
    handoff: HandoffWithEvents,
    event: EscalatedEvent,
    members: readonly Member[],
  ) => void;
};

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

export type Watcher = {
  /** Starts watching a workspace (again: nothing). Resolves once its documents are open and planned. */
  watch(workspace: string): Promise<void>;
  /** Resolves once every planning run started so far has finished (for tests and shutdown). */
  idle(): Promise<void>;
  close(): void;
};

const defaultMonthsWatched = 3;
/** setTimeout's longest delay; a later instant is reached in steps. */
const maxTimerDelayMs = 2_147_483_647;

function timerSchedule(atMs: number, run: () => void, nowMs: () => number): () => void {
  const timer = setTimeout(run, Math.min(maxTimerDelayMs, Math.max(0, atMs - nowMs())));
  return () => clearTimeout(timer);
}

type HandoffMirror = { room: WatchedRoom; mirror: Y.Doc; reader: HandoffLogReader; planner: ClockPlanner };

type WorkspaceWatch = {
  directory: WatchedRoom;
  agreements: Map<string, WatchedRoom>;
  logs: Map<string, HandoffMirror>;
  cancelTimer: (() => void) | null;
  /** Bumped by every change to the directory or an agreement: clock plans kept before are stale. */
  agreementsRevision: number;
  agreementsRead: { revision: number; agreements: Agreement[] } | null;
  running: Promise<void>;
  isDirty: boolean;
  stops: (() => void)[];
};

export function startWatcher(options: WatcherOptions): Watcher {
  const { log, nowMs } = options;
  const lease = options.lease ?? { holds: () => true };
  const schedule = options.schedule ?? ((atMs, run) => timerSchedule(atMs, run, nowMs));
  const monthsWatched = options.monthsWatched ?? defaultMonthsWatched;
  const workspaces = new Map<string, Promise<WorkspaceWatch>>();
  const reported = new Set<string>();
  const skipped = new Set<string>();
  const reportedHandoffs = new WeakSet<HandoffWithEvents>();
  let isClosed = false;

  function follow(
    watch: WorkspaceWatch,
    doc: Y.Doc,
    onUpdate: (update: Uint8Array, origin: unknown) => void,
  ) {
    doc.on('update', onUpdate);
    watch.stops.push(() => doc.off('update', onUpdate));
  }

  async function syncAgreements(workspace: string, watch: WorkspaceWatch) {
    const listed = new Set(readDirectory(watch.directory.doc).agreements.map((agreement) => agreement.id));
    for (const id of listed) {
      if (watch.agreements.has(id)) continue;
      const room = await options.openRoom(roomName({ kind: 'agreement', workspace, agreementId: id }));
      watch.agreements.set(id, room);
      watch.agreementsRevision++;
      follow(watch, room.doc, () => {
        watch.agreementsRevision++;
        replan(workspace, watch);
      });
    }
  }

  async function syncLogs(workspace: string, watch: WorkspaceWatch) {
    for (const month of recentMonths(nowMs(), monthsWatched)) {
      const name = roomName({ kind: 'handoffs', workspace, month });
      if (watch.logs.has(name)) continue;
      const room = await options.openRoom(name);
      const mirror = new Y.Doc();
      Y.applyUpdate(mirror, Y.encodeStateAsUpdate(room.doc), room);
      const fromRoom = (update: Uint8Array) => Y.applyUpdate(mirror, update, room);
      room.doc.on('update', fromRoom);
      watch.stops.push(() => room.doc.off('update', fromRoom));
      // Planned again on what others wrote: the watcher's own writes reach the mirror first, so
      // coming back from the room they change nothing (Yjs emits no update) and cost no plan.
      follow(watch, mirror, (_update, origin) => {
        if (origin === room) replan(workspace, watch);
      });
      watch.logs.set(name, { room, mirror, reader: handoffLogReader(mirror), planner: createClockPlanner() });
    }
  }

  /**
   * Plans run one at a time across workspaces, each after a turn of the event loop: a rung falling
   * due in many workspaces at once never holds the relay's sockets for more than one plan.
   */
  let planTurn: Promise<void> = Promise.resolve();
  function inTurn(run: () => Promise<void>): Promise<void> {
    const turn = planTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(run);
    planTurn = turn;
    return turn;
  }

  function replan(workspace: string, watch: WorkspaceWatch) {
    if (watch.isDirty || isClosed) return;
    watch.isDirty = true;
    watch.running = watch.running.then(() => inTurn(() => plan(workspace, watch)));
  }

  async function plan(workspace: string, watch: WorkspaceWatch) {
    watch.isDirty = false;
    if (isClosed) return;
    try {
      await syncAgreements(workspace, watch);
      await syncLogs(workspace, watch);
      // Read again only after the directory or an agreement changed (validating the terms, time
      // zones included, is most of a plan's cost when a rung fell due).
      if (watch.agreementsRead?.revision !== watch.agreementsRevision) {
        const read: Agreement[] = [];
        for (const [id, room] of watch.agreements) {
          const agreement = readAgreement(room.doc);
          if (agreement.isReadOnly)
            skip(roomName({ kind: 'agreement', workspace, agreementId: id }), agreement.readOnlyReason);
          else if (agreement.agreement !== null) read.push(agreement.agreement);
        }
        watch.agreementsRead = { revision: watch.agreementsRevision, agreements: read };
      }
      const { agreements } = watch.agreementsRead;
      const now = nowMs();
      let nextAtMs: number | null = null;
      let openClocks = 0;
      for (const [name, { room, mirror, reader, planner }] of watch.logs) {
        const read = reader.read();
        if (read.isReadOnly) {
          skip(name, read.readOnlyReason);
          continue;
        }
        const due = planner.plan(agreements, watch.agreementsRevision, read.handoffs, now);
        openClocks += due.openClocks;
        if (due.nextAtMs !== null && (nextAtMs === null || due.nextAtMs < nextAtMs)) nextAtMs = due.nextAtMs;
        if (!lease.holds(workspace)) continue;
        if (due.events.length > 0) await writeEvents(room, mirror, due.events, now);
        if (options.onEscalated !== undefined) report(workspace, watch, agreements, reader.read().handoffs);
      }
      watch.cancelTimer?.();
      watch.cancelTimer = nextAtMs === null ? null : schedule(nextAtMs, () => replan(workspace, watch));
      options.onPlanned?.(workspace, { openClocks, isTimerArmed: nextAtMs !== null });
    } catch (error) {
      log('error', 'watcher could not plan a workspace', { workspace, error: String(error) });
    }
  }

  /** A document this relay cannot read rightly (a newer version wrote it): left aside, said once. */
  function skip(room: string, reason: string | undefined) {
    if (skipped.has(room)) return;
    skipped.add(room);
    log('warn', 'watcher skips a document written by a newer version', { room, reason });
  }

  function report(
    workspace: string,
    watch: WorkspaceWatch,
    agreements: Agreement[],
    handoffs: HandoffWithEvents[],
  ) {
    let members: readonly Member[] | null = null;
    for (const handoff of handoffs) {
      // The reader keeps an unchanged handoff's object: its events were offered already.
      if (reportedHandoffs.has(handoff)) continue;
      const agreement = agreements.find((candidate) => candidate.id === handoff.agreementId);
      if (agreement === undefined) continue;
      reportedHandoffs.add(handoff);
      for (const event of handoff.events) {
        const key = `${workspace}/${event.id}`;
        if (event.type !== 'escalated' || reported.has(key)) continue;
        reported.add(key);
        members ??= readDirectory(watch.directory.doc).members;
        options.onEscalated?.(workspace, agreement, handoff, event, members);
      }
    }
  }

  async function writeEvents(room: WatchedRoom, mirror: Y.Doc, events: HandoffEvent[], now: number) {
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin !== room) updates.push(update);
    };
    mirror.on('update', capture);
    const written: HandoffEvent[] = [];
    try {
      for (const event of events) if (appendHandoffEvent(mirror, event).ok) written.push(event);
    } finally {
      mirror.off('update', capture);
    }
    if (updates.length === 0) return;
    await room.write(Y.mergeUpdates(updates));
    for (const event of written) options.onWritten?.(event, Math.max(0, now - event.atMs));
  }

  async function open(workspace: string): Promise<WorkspaceWatch> {
    const directory = await options.openRoom(roomName({ kind: 'directory', workspace }));
    const watch: WorkspaceWatch = {
      directory,
      agreements: new Map(),
      logs: new Map(),
      cancelTimer: null,
      agreementsRevision: 0,
      agreementsRead: null,
      running: Promise.resolve(),
      isDirty: false,
      stops: [],
    };
    follow(watch, directory.doc, () => {
      watch.agreementsRevision++;
      replan(workspace, watch);
    });
    replan(workspace, watch);
    await watch.running;
    return watch;
  }

  return {
    async watch(workspace) {
      if (isClosed) return;
      let watching = workspaces.get(workspace);
      if (watching === undefined) {
        watching = open(workspace);
        workspaces.set(workspace, watching);
      }
      await watching;
    },
    async idle() {
      for (;;) {
        const watches = await Promise.all(workspaces.values());
        const runs = watches.map((watch) => watch.running);
        await Promise.all(runs);
        if (watches.every((watch, index) => watch.running === runs[index])) return;
      }
    },
    close() {
      isClosed = true;
      for (const watching of workspaces.values()) {
        void watching.then((watch) => {
          watch.cancelTimer?.();
          for (const stop of watch.stops) stop();
          watch.directory.release();
          for (const room of watch.agreements.values()) room.release();
          for (const { room, mirror, reader } of watch.logs.values()) {
            room.release();
            reader.destroy();
            mirror.destroy();
          }
        });
      }
    },
  };
}
