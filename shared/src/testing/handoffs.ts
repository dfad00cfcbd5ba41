import type { HandoffEvent, HandoffWithEvents } from '../handoff/handoff.js';

/**
 * Test-only (kept out of dist): handoffs for the tests of clocks, measures, the log and the
 * screens, so that each test states only what it is about.
 */

/** An event as a test writes it: ids are derived, and `byUserId` defaults to the handoff's rep. */
export type TestEvent = HandoffEvent extends infer E
  ? E extends HandoffEvent
    ? Omit<E, 'id' | 'handoffId' | 'byUserId'> & { byUserId?: string }
    : never
  : never;

export type TestHandoffOptions = Partial<Omit<HandoffWithEvents, 'id' | 'startedAtMs' | 'events'>> & {
  events?: readonly TestEvent[];
};

/**
 * A HubSpot contact handed from marketing to the SDRs under the `mql-response` rule (version 1),
 * whose record id and display name are `id`; events get the ids `<id>-e<index>`.
 */
export function testHandoff(
  id: string,
  startedAtMs: number,
  options: TestHandoffOptions = {},
): HandoffWithEvents {
  const { events = [], ...overrides } = options;
  const handoff = {
    id,
    agreementId: 'agreement-1',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot' as const,
      objectType: '0-1',
      recordId: id,
      url: `https://app.hubspot.com/contacts/1/record/0-1/${id}`,
      displayName: id,
    },
    fromPartyId: 'marketing',
    fromUserId: 'marketer',
    toPartyId: 'sdr',
    checklist: [],
    startedAtMs,
    ...overrides,
  };
  return {
    ...handoff,
    events: events.map(
      (event, index) =>
        ({
          id: `${id}-e${index}`,
          handoffId: id,
          byUserId: handoff.toUserId ?? 'rep',
          ...event,
        }) as HandoffEvent,
    ),
  };
}
