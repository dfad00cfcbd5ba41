import type { Agreement, HandoffEvent, HandoffWithEvents, Member } from '@pactline/shared';

/**
 * What the relay's thread and the watcher's thread say to each other (see `watcher-thread.ts`).
 * Room contents cross as Yjs updates; everything else as plain data.
 */
type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

export type ToWatcher =
  | { kind: 'watch'; workspace: string }
  | { kind: 'opened'; id: number; state: Uint8Array }
  | { kind: 'open-failed'; id: number; error: string }
  | { kind: 'update'; name: string; update: Uint8Array }
  | { kind: 'wrote'; id: number; error?: string }
  | { kind: 'idle'; id: number }
  | { kind: 'close' };

export type FromWatcher =
  | { kind: 'open'; id: number; name: string }
  | { kind: 'write'; id: number; name: string; update: Uint8Array }
  | { kind: 'release'; name: string }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { kind: 'planned'; workspace: string; openClocks: number; isTimerArmed: boolean }
  | { kind: 'written'; event: HandoffEvent; lagMs: number }
  | {
      kind: 'escalated';
      workspace: string;
      agreement: Agreement;
      handoff: HandoffWithEvents;
      event: EscalatedEvent;
      members: readonly Member[];
    }
  | { kind: 'idle'; id: number }
  | { kind: 'closed' };
