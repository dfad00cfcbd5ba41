import { canWrite, type Role, roomName, type TokenClaims } from '@pactline/shared';
import { colorForUser, setLocalPresence } from '@pactline/shared/sync';
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { readTokenClaims } from '../settings/token';
import { localScope, localStoreName } from './local-store-name';
import { openRoom, type RoomConnection, type SyncState } from './open-room';

/**
 * The documents of one workspace as this device holds them. Each room is opened once and shared by
 * every screen that uses it; a room nobody uses is closed. Without a token the app works on the
 * local copy of a `local` workspace and never connects.
 */
export const localWorkspaceId = 'local';
const roomGraceMs = 10_000;

export class Workspace {
  readonly workspaceId: string;
  readonly claims: TokenClaims | null;
  readonly role: Role;
  private readonly rooms = new Map<
    string,
    { connection: RoomConnection; users: number; closeTimer: ReturnType<typeof setTimeout> | null }
  >();
  private readonly statusListeners = new Set<() => void>();

  /** Which of this device's local copies this relay uses: '' for the first relay's (and local only). */
  readonly localScope: string;

  constructor(
    readonly relayUrl: string,
    readonly token: string,
    storage: Pick<Storage, 'getItem' | 'setItem'> = window.localStorage,
  ) {
    const read = token ? readTokenClaims(token) : null;
    this.claims = read?.ok ? read.claims : null;
    this.workspaceId = this.claims?.ws ?? localWorkspaceId;
    this.role = this.claims?.role ?? 'admin';
    this.localScope = localScope(this.claims && this.relayUrl ? this.relayUrl : null, storage);
  }

  /** The local handoff index's database: one per relay and workspace, like the documents. */
  get indexName(): string {
    return this.localScope === '' ? this.workspaceId : `${this.localScope}|${this.workspaceId}`;
  }

  get isReadOnly(): boolean {
    return !canWrite(this.role);
  }

  get userId(): string {
    return this.claims?.sub ?? 'me';
  }

  get userName(): string {
    return this.claims?.name ?? this.claims?.sub ?? 'Me';
  }

  directoryRoom(): string {
    return roomName({ kind: 'directory', workspace: this.workspaceId });
  }

  agreementRoom(agreementId: string): string {
    return roomName({ kind: 'agreement', workspace: this.workspaceId, agreementId });
  }

  handoffsRoom(month: string): string {
    return roomName({ kind: 'handoffs', workspace: this.workspaceId, month });
  }

  acquire(room: string): RoomConnection {
    const held = this.rooms.get(room);
    if (held) {
      held.users += 1;
      if (held.closeTimer !== null) clearTimeout(held.closeTimer);
      held.closeTimer = null;
      return held.connection;
    }
    const relay = this.claims && this.relayUrl ? { relayUrl: this.relayUrl, token: this.token } : null;
    const connection = openRoom(room, relay, localStoreName(room, this.localScope));
    // Collaborators see this name and colour beside our cursor.
    setLocalPresence(connection.awareness, {
      name: this.userName,
      color: colorForUser(this.userId),
      userId: this.userId,
    });
    connection.onState(() => this.notifyStatus());
    this.rooms.set(room, { connection, users: 1, closeTimer: null });
    this.notifyStatus();
    return connection;
  }

  release(room: string): void {
    const held = this.rooms.get(room);
    if (!held) return;
    held.users -= 1;
    if (held.users > 0) return;
    // Moving between screens releases a room and acquires it again at once: keep it open a moment
    // rather than close the connection and the local store only to reopen them.
    held.closeTimer = setTimeout(() => {
      if (held.users > 0 || this.rooms.get(room) !== held) return;
      this.rooms.delete(room);
      void held.connection.destroy();
      this.notifyStatus();
    }, roomGraceMs);
  }

  /** Rooms whose changes the relay does not hold yet, for the status tooltip. */
  waitingRooms(): string[] {
    return [...this.rooms.entries()]
      .filter(([, held]) => held.connection.state().status !== 'synced')
      .map(([room, held]) => `${room}: ${held.connection.state().status}`);
  }

  states(): SyncState[] {
    return [...this.rooms.values()].map((held) => held.connection.state());
  }

  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private notifyStatus(): void {
    for (const listener of this.statusListeners) listener();
  }

  destroy(): void {
    for (const held of this.rooms.values()) {
      if (held.closeTimer !== null) clearTimeout(held.closeTimer);
      void held.connection.destroy();
    }
    this.rooms.clear();
    this.statusListeners.clear();
  }
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside a WorkspaceContext provider');
  return workspace;
}

/** Holds a room for as long as the component is mounted; `loaded` turns true after IndexedDB. */
export function useRoom(room: string | null): { connection: RoomConnection | null; isLoaded: boolean } {
  const workspace = useWorkspace();
  const [state, setState] = useState<{ connection: RoomConnection | null; isLoaded: boolean }>({
    connection: null,
    isLoaded: false,
  });
  useEffect(() => {
    if (room === null) return;
    const connection = workspace.acquire(room);
    let isCurrent = true;
    setState({ connection, isLoaded: false });
    void connection.whenLoaded.then(() => {
      if (isCurrent) setState({ connection, isLoaded: true });
    });
    return () => {
      isCurrent = false;
      workspace.release(room);
    };
  }, [workspace, room]);
  return state;
}

/** Re-renders when `subscribe` reports a change; returns `read()`'s latest value. */
export function useSubscribed<T>(
  read: () => T,
  subscribe: (listener: () => void) => () => void,
  deps: unknown[],
): T {
  const [value, setValue] = useState<T>(read);
  useEffect(() => {
    setValue(read());
    return subscribe(() => setValue(read()));
  }, deps);
  return value;
}
