import {
  type Handoff,
  type HandoffEvent,
  type HandoffWithEvents,
  handoffEventSchema,
  handoffSchema,
} from '@pactline/shared';
import type * as Y from 'yjs';
import type { ReadProblem } from './agreement-model';

/**
 * A month's handoff log document: append-only arrays of handoffs and of their events. A correction
 * is a new event; nothing here edits or deletes an entry.
 */

export function handoffsMonth(startedAtMs: number): string {
  return new Date(startedAtMs).toISOString().slice(0, 7);
}

export function readHandoffLog(doc: Y.Doc): { handoffs: HandoffWithEvents[]; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const byId = new Map<string, Handoff & { events: HandoffEvent[] }>();
  doc
    .getArray<unknown>('handoffs')
    .toArray()
    .forEach((raw, index) => {
      const parsed = handoffSchema.safeParse(raw);
      if (parsed.success) byId.set(parsed.data.id, { ...parsed.data, events: [] });
      else
        problems.push({ path: `handoffs.${index}`, message: parsed.error.issues[0]?.message ?? 'invalid' });
    });
  doc
    .getArray<unknown>('events')
    .toArray()
    .forEach((raw, index) => {
      const parsed = handoffEventSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push({ path: `events.${index}`, message: parsed.error.issues[0]?.message ?? 'invalid' });
        return;
      }
      const handoff = byId.get(parsed.data.handoffId);
      if (handoff) handoff.events.push(parsed.data);
      else problems.push({ path: `events.${index}`, message: `no handoff "${parsed.data.handoffId}"` });
    });
  for (const handoff of byId.values()) handoff.events.sort((a, b) => a.atMs - b.atMs);
  return { handoffs: [...byId.values()], problems };
}

export function appendHandoffs(
  doc: Y.Doc,
  handoffs: readonly Handoff[],
  events: readonly HandoffEvent[],
): void {
  const checkedHandoffs = handoffs.map((handoff) => handoffSchema.parse(handoff));
  const checkedEvents = events.map((event) => handoffEventSchema.parse(event));
  doc.transact(() => {
    if (checkedHandoffs.length > 0) doc.getArray('handoffs').push(checkedHandoffs);
    if (checkedEvents.length > 0) doc.getArray('events').push(checkedEvents);
  });
}

export function observeHandoffLog(doc: Y.Doc, listener: () => void): () => void {
  const handoffs = doc.getArray('handoffs');
  const events = doc.getArray('events');
  handoffs.observe(listener);
  events.observe(listener);
  return () => {
    handoffs.unobserve(listener);
    events.unobserve(listener);
  };
}
