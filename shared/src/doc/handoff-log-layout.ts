import type * as Y from 'yjs';

/**
 * The Yjs layout of a handoff log document (one per workspace and UTC month in which handoffs
 * began). `handoffs` and `events` are maps keyed by entry id holding plain entries: appends from
 * many clients merge, and the same entry appended twice (a retry) is stored once. `activities`
 * holds the calls, emails and meetings logged in that month, keyed the same way.
 */
export type HandoffLogLayout = {
  schema: Y.Map<unknown>;
  handoffs: Y.Map<unknown>;
  events: Y.Map<unknown>;
  activities: Y.Map<unknown>;
};

export function handoffLogLayout(doc: Y.Doc): HandoffLogLayout {
  return {
    schema: doc.getMap('schema'),
    handoffs: doc.getMap('handoffs'),
    events: doc.getMap('events'),
    activities: doc.getMap('activities'),
  };
}
