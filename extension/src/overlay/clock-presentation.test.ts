import { describe, expect, it } from 'vitest';
import type { ClockView, RecordView } from '../protocol/record-view.js';
import {
  canHandOff,
  checklistDone,
  displayedState,
  headlineClock,
  missingRequiredItems,
} from './clock-presentation.js';

const clock = (overrides: Partial<ClockView>): ClockView => ({
  handoffId: 'h1',
  ruleId: 'mql-response',
  ruleName: 'MQL response',
  state: 'running',
  remainingMs: 600_000,
  targetMs: 900_000,
  breachAtMs: 2_000_000,
  isTicking: true,
  evaluatedAtMs: 1_000_000,
  nextChangeAtMs: null,
  fromParty: 'Marketing',
  toParty: 'Sales development',
  ...overrides,
});

const view = (overrides: Partial<RecordView> = {}): RecordView => ({
  record: {
    crm: 'hubspot',
    objectType: 'contact',
    recordId: '1',
    url: 'https://app.hubspot.com/contacts/1/record/0-1/1',
  },
  clocks: [],
  checklist: {
    stage: 'SQL',
    items: [
      {
        id: 'phone',
        label: 'Phone is filled in',
        isRequired: true,
        autoCheck: { field: 'phone', result: 'passed' },
      },
      {
        id: 'email',
        label: 'Email is filled in',
        isRequired: true,
        autoCheck: { field: 'email', result: 'unreadable', message: "can't read email on this page" },
      },
      { id: 'bant', label: 'BANT noted', isRequired: true },
      { id: 'meeting', label: 'Meeting booked', isRequired: false },
    ],
  },
  history: [],
  handOffTargets: [{ id: 'ae', label: 'Account executives' }],
  pauseReasons: [],
  rejectReasons: [],
  activityPace: [],
  isReadOnly: false,
  sync: { state: 'connected', hasUnsentChanges: false },
  ...overrides,
});

describe('headlineClock', () => {
  it('shows the open clock with the least time left', () => {
    const soon = clock({ handoffId: 'soon', remainingMs: 60_000 });
    const later = clock({ handoffId: 'later', remainingMs: 600_000 });
    const met = clock({ handoffId: 'met', state: 'met', isTicking: false, remainingMs: 10 });
    expect(headlineClock([later, met, soon], 1_000_000)?.handoffId).toBe('soon');
  });

  it('falls back to the last closed clock when none is open', () => {
    const met = clock({ handoffId: 'met', state: 'met', isTicking: false });
    expect(headlineClock([met], 1_000_000)?.handoffId).toBe('met');
    expect(headlineClock([], 1_000_000)).toBeUndefined();
  });
});

describe('displayedState', () => {
  it('shows a ticking clock that ran out as breached before the background says so', () => {
    expect(displayedState(clock({ state: 'warning', remainingMs: 1_000 }), 1_002_000)).toBe('breached');
    expect(displayedState(clock({ state: 'warning', remainingMs: 1_000 }), 1_000_500)).toBe('warning');
  });

  it('leaves a paused clock paused however long it has been', () => {
    expect(displayedState(clock({ state: 'paused', isTicking: false, remainingMs: 1_000 }), 9_000_000)).toBe(
      'paused',
    );
  });
});

describe('handoff checklist gating', () => {
  it('counts automatic items from the page and manual ones from the rep', () => {
    expect(checklistDone(view(), { bant: true, phone: false })).toEqual({
      phone: true,
      email: false,
      bant: true,
      meeting: false,
    });
  });

  it('lists required items still open, an unreadable automatic item among them', () => {
    expect(missingRequiredItems(view(), {})).toEqual(['Email is filled in', 'BANT noted']);
  });

  it('enables the handoff only when every required item is done and no handoff is open', () => {
    const ready = view({
      checklist: {
        stage: 'SQL',
        items: [
          { id: 'phone', label: 'Phone', isRequired: true, autoCheck: { field: 'phone', result: 'passed' } },
          { id: 'bant', label: 'BANT noted', isRequired: true },
        ],
      },
    });
    expect(canHandOff(ready, {})).toBe(false);
    expect(canHandOff(ready, { bant: true })).toBe(true);
    expect(canHandOff({ ...ready, clocks: [clock({})] }, { bant: true })).toBe(false);
    expect(canHandOff({ ...ready, isReadOnly: true }, { bant: true })).toBe(false);
  });
});
