import type { AgreementTerms, SectionId } from './agreement.js';

/**
 * The starting point of a new agreement: the seeds' building blocks as section prompts, three
 * parties (Marketing → SDR → AE), a weekday calendar, response rules for hot and warm leads, a
 * monthly MQL volume goal, a call quota, a qualification rate and a handoff checklist.
 */

export const templateSections: Record<SectionId, string> = {
  summary:
    'Marketing delivers qualified leads to sales development; SDRs qualify them and hand sales-ready leads to account executives. This agreement sets how fast each side acts and how we measure it.',
  goals:
    'Marketing: 100 MQLs per month. SDR: respond to hot leads within 15 business minutes and warm leads within 4 business hours; qualify at least 60 % of MQLs. AE: first touch within one business day of an SQL handoff.',
  needs:
    'SDR needs from Marketing: a phone number and company on every MQL. AE needs from SDR: qualification notes, the owner set, and a booked meeting where possible.',
  contacts: 'Marketing: head of demand generation. SDR: SDR manager. AE: sales director.',
  definitions:
    'MQL: a lead that matches the ideal customer profile and showed buying intent (demo request, pricing page, webinar). SQL: an MQL an SDR has qualified on budget, authority, need and timing.',
  consequences:
    'Three missed response goals in a month trigger a make-up plan agreed within a week. A missed volume goal is reviewed for root cause at the monthly review.',
  incentives: 'A quarter with every goal met earns the teams a shared celebration budget.',
  cancellation: 'Either party may cancel with 30 days notice after a review meeting.',
  review: 'Reviewed every 90 days by the points of contact, using the compliance dashboard.',
};

export function templateTerms(timeZone = 'America/New_York'): AgreementTerms {
  const weekday = [{ start: '09:00', end: '17:00' }];
  return {
    parties: [
      {
        id: 'marketing',
        name: 'Marketing',
        role: 'marketing',
        contact: { name: 'Head of demand generation' },
      },
      { id: 'sdr', name: 'Sales development', role: 'sdr', contact: { name: 'SDR manager' } },
      { id: 'ae', name: 'Account executives', role: 'ae', contact: { name: 'Sales director' } },
    ],
    calendars: [
      {
        id: 'office',
        name: 'Office hours',
        version: 1,
        timeZone,
        week: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
        holidays: [],
      },
    ],
    rules: [
      {
        id: 'mql-response',
        name: 'MQL response',
        kind: 'response',
        version: 1,
        isEnabled: true,
        fromPartyId: 'marketing',
        toPartyId: 'sdr',
        calendarId: 'office',
        targetMinutes: 240,
        targetMinutesByPriority: { hot: 15, warm: 240 },
        warningPercents: [50, 80],
        stopOn: ['first_touch', 'rejected'],
        allowedPauseReasons: ['Waiting for marketing data', 'Lead asked to be contacted later'],
        isResetOnReassign: false,
        escalation: [
          { atPercent: 80, notify: [{ kind: 'receiver' }] },
          { atPercent: 100, notify: [{ kind: 'party', partyId: 'sdr' }, { kind: 'sender' }] },
        ],
      },
      {
        id: 'sql-first-touch',
        name: 'SQL first touch',
        kind: 'response',
        version: 1,
        isEnabled: true,
        fromPartyId: 'sdr',
        toPartyId: 'ae',
        calendarId: 'office',
        targetMinutes: 480,
        targetMinutesByPriority: {},
        warningPercents: [50, 80],
        stopOn: ['first_touch', 'rejected'],
        allowedPauseReasons: ['Prospect on holiday'],
        isResetOnReassign: false,
        escalation: [{ atPercent: 100, notify: [{ kind: 'party', partyId: 'ae' }] }],
      },
      {
        id: 'mql-volume',
        name: 'Monthly MQLs',
        kind: 'volume',
        version: 1,
        isEnabled: true,
        partyId: 'marketing',
        toPartyId: 'sdr',
        itemLabel: 'MQL',
        targetCount: 100,
        period: 'month',
        calendarId: 'office',
      },
      {
        id: 'sdr-calls',
        name: 'SDR calls',
        kind: 'activity',
        version: 1,
        isEnabled: true,
        partyId: 'sdr',
        activity: 'call',
        targetCount: 50,
        period: 'week',
      },
      {
        id: 'qualification-rate',
        name: 'Qualification rate',
        kind: 'conversion',
        version: 1,
        isEnabled: true,
        partyId: 'sdr',
        fromStage: 'MQL',
        toStage: 'SQL',
        targetPercent: 60,
        comparison: 'at_least',
        period: 'month',
      },
    ],
    checklists: [
      {
        id: 'sdr-to-ae',
        name: 'SQL handoff',
        stage: 'SQL',
        fromPartyId: 'sdr',
        toPartyId: 'ae',
        items: [
          {
            id: 'email',
            label: 'Email is filled in',
            isRequired: true,
            autoCheck: { field: 'email', condition: 'filled' },
          },
          {
            id: 'phone',
            label: 'Phone number is filled in',
            isRequired: true,
            autoCheck: { field: 'phone', condition: 'filled' },
          },
          {
            id: 'owner',
            label: 'Owner is set',
            isRequired: false,
            autoCheck: { field: 'owner', condition: 'filled' },
          },
          { id: 'bant', label: 'Budget, authority, need and timing noted', isRequired: true },
          { id: 'meeting', label: 'Meeting booked with the AE', isRequired: false },
        ],
      },
    ],
  };
}
