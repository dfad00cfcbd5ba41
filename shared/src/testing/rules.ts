import type { ResponseRule } from '../agreement/rule.js';

/**
 * Test-only (kept out of dist): the `mql-response` rule (marketing to SDR, 60 business minutes,
 * hot leads 15, warnings at 50 % and 80 %, stopped by a first touch or a rejection, counted in the
 * `office` calendar), with whatever a test varies.
 */
export function testResponseRule(overrides: Partial<ResponseRule> = {}): ResponseRule {
  return {
    id: 'mql-response',
    name: 'MQL response',
    kind: 'response',
    version: 1,
    isEnabled: true,
    fromPartyId: 'marketing',
    toPartyId: 'sdr',
    calendarId: 'office',
    targetMinutes: 60,
    targetMinutesByPriority: { hot: 15 },
    warningPercents: [50, 80],
    stopOn: ['first_touch', 'rejected'],
    allowedPauseReasons: ['Waiting for marketing data'],
    isResetOnReassign: false,
    escalation: [],
    ...overrides,
  };
}
