import { describe, expect, it } from 'vitest';
import { MessageType, parseClocksResponse, parseRecordResponse, parseRequest } from './messages.js';
import type { RecordView } from './record-view.js';

const record = {
  crm: 'hubspot',
  objectType: 'contact',
  recordId: '51234501',
  url: 'https://app.hubspot.com/contacts/44001234/record/0-1/51234501',
} as const;

const view: RecordView = {
  record,
  displayName: 'Maya Lindqvist',
  clocks: [
    {
      handoffId: 'h1',
      ruleId: 'mql-to-sdr',
      ruleName: 'MQL follow-up',
      state: 'running',
      remainingMs: 600_000,
      targetMs: 900_000,
      breachAtMs: 1_800_000_000_000,
      isTicking: true,
      evaluatedAtMs: 1_799_999_400_000,
      nextChangeAtMs: null,
      fromParty: 'Marketing',
      toParty: 'SDR',
    },
  ],
  checklist: {
    stage: 'MQL',
    items: [
      {
        id: 'phone',
        label: 'Phone filled in',
        isRequired: true,
        autoCheck: { field: 'phone', result: 'passed' },
      },
    ],
  },
  history: [{ id: 'e1', type: 'handed_off', atMs: 1_799_999_100_000, by: 'ana' }],
  handOffTargets: [{ id: 'sdr', label: 'SDR' }],
  pauseReasons: ['Customer asked to call back'],
  rejectReasons: ['Not a fit'],
  activityPace: [
    {
      ruleId: 'sdr-calls',
      activity: 'call',
      period: 'week',
      count: 3,
      targetCount: 50,
      expectedByNowCount: 12,
      isOnTrack: false,
      isMet: false,
    },
  ],
  isReadOnly: false,
  sync: { state: 'connected', hasUnsentChanges: false },
};

describe('parseRequest', () => {
  it('accepts an open-record request with readable and unreadable fields', () => {
    const result = parseRequest({
      type: MessageType.openRecord,
      record,
      fields: { owner: 'Ana', phone: null },
    });
    expect(result).toEqual({
      ok: true,
      request: { type: MessageType.openRecord, record, fields: { owner: 'Ana', phone: null } },
    });
  });

  it('accepts each action kind', () => {
    const actions = [
      { kind: 'hand_off', toPartyId: 'sdr', checklist: { phone: true } },
      { kind: 'accept', handoffId: 'h1' },
      { kind: 'reject', handoffId: 'h1', reason: 'Not a fit' },
      { kind: 'first_touch', handoffId: 'h1' },
      { kind: 'pause', handoffId: 'h1', reason: 'Customer asked to call back' },
      { kind: 'resume', handoffId: 'h1' },
      { kind: 'log_activity', activity: 'call' },
      { kind: 'log_activity', activity: 'meeting', note: 'Demo booked for Friday' },
    ];
    for (const action of actions) {
      expect(parseRequest({ type: MessageType.act, record, fields: {}, action }).ok, action.kind).toBe(true);
    }
  });

  it('rejects a reject or pause without a reason, naming the field', () => {
    const result = parseRequest({
      type: MessageType.act,
      record,
      action: { kind: 'reject', handoffId: 'h1', reason: '  ' },
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(result.ok === false && result.message).toContain('action.reason: a reason is required');
  });

  it.each([
    ['an unknown type', { type: 'pactline/unknown' }],
    [
      'a record with a non-URL',
      { type: MessageType.openRecord, record: { ...record, url: 'nope' }, fields: {} },
    ],
    ['an unknown CRM', { type: MessageType.openRecord, record: { ...record, crm: 'sugar' }, fields: {} }],
    [
      'an unknown action',
      { type: MessageType.act, record, fields: {}, action: { kind: 'delete', handoffId: 'h1' } },
    ],
    [
      'an activity the overlay does not log',
      { type: MessageType.act, record, fields: {}, action: { kind: 'log_activity', activity: 'fax' } },
    ],
    [
      'an activity note over 1,000 characters',
      {
        type: MessageType.act,
        record,
        fields: {},
        action: { kind: 'log_activity', activity: 'call', note: 'x'.repeat(1001) },
      },
    ],
    ['no object at all', 'pactline/record/open'],
  ])('returns invalid_message for %s', (_, raw) => {
    expect(parseRequest(raw)).toMatchObject({ ok: false, code: 'invalid_message' });
  });
});

describe('responses', () => {
  it('round-trips a record view', () => {
    expect(parseRecordResponse({ ok: true, view })).toEqual({ ok: true, view });
  });

  it('turns a malformed answer into a failure value instead of throwing', () => {
    const broken = { ok: true, view: { ...view, clocks: [{ ...view.clocks[0], state: 'exploded' }] } };
    expect(parseRecordResponse(broken)).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(parseRecordResponse(undefined)).toMatchObject({ ok: false, code: 'invalid_message' });
  });

  it('passes a failure through with its code', () => {
    const failed = { ok: false, code: 'not_configured', message: 'Set the relay in the options' };
    expect(parseClocksResponse(failed)).toEqual(failed);
  });
});
