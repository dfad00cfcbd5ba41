import { describe, expect, it } from 'vitest';
import { businessCalendarSchema } from '../calendar/calendar-schema.js';
import { agreementTermsSchema } from './agreement.js';
import { templateTerms } from './agreement-template.js';
import { isMemberNamed } from './party.js';
import { responseRuleSchema, targetMinutesFor } from './rule.js';

const week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('calendar schema', () => {
  it('accepts split shifts and a day that ends at 24:00', () => {
    const result = businessCalendarSchema.safeParse({
      timeZone: 'Asia/Kathmandu',
      week: {
        ...week,
        mon: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '24:00' },
        ],
      },
      holidays: ['2026-12-25'],
    });
    expect(result.success).toBe(true);
  });

  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus', week, holidays: [] }, 'unknown time zone'],
    [
      'a reversed interval',
      { timeZone: 'UTC', week: { ...week, tue: [{ start: '17:00', end: '09:00' }] }, holidays: [] },
      'after its start',
    ],
    [
      'overlapping intervals',
      {
        timeZone: 'UTC',
        week: {
          ...week,
          wed: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        },
        holidays: [],
      },
      'overlaps',
    ],
    [
      'a date that does not exist',
      { timeZone: 'UTC', week, holidays: ['2026-02-30'] },
      'not a real calendar date',
    ],
    [
      'a malformed time',
      { timeZone: 'UTC', week: { ...week, thu: [{ start: '9:00', end: '17:00' }] }, holidays: [] },
      'HH:MM',
    ],
  ])('rejects %s with a clear message', (_label, input, message) => {
    const result = businessCalendarSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('; ')).toContain(message);
  });
});

describe('rules', () => {
  it('validates the template agreement', () => {
    expect(agreementTermsSchema.safeParse(templateTerms()).success).toBe(true);
  });

  it('picks the target by priority and falls back to the default', () => {
    const rule = responseRuleSchema.parse(templateTerms().rules[0]);
    expect(targetMinutesFor(rule, 'hot')).toBe(15);
    expect(targetMinutesFor(rule, 'lukewarm')).toBe(240);
    expect(targetMinutesFor(rule, undefined)).toBe(240);
  });

  it('refuses warning thresholds out of order and a rule with nothing to stop it', () => {
    const rule = templateTerms().rules[0];
    const result = responseRuleSchema.safeParse({ ...rule, warningPercents: [80, 50], stopOn: [] });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain('warning thresholds must be in increasing order');
    expect(messages.some((message) => message.includes('at least one event'))).toBe(true);
  });
});

describe('members and the names CRMs show', () => {
  it('matches an owner shown on a page by display name or CRM name, case and spacing aside', () => {
    const alex = { userId: 'alex', displayName: 'Alex AE', crmNames: ['Alexandra Eriksson', 'aeriksson'] };
    for (const shown of ['Alex AE', 'alex  ae', ' ALEXANDRA ERIKSSON ', 'aeriksson'])
      expect([shown, isMemberNamed(alex, shown)]).toEqual([shown, true]);
    for (const shown of ['Alexandra', 'Alex', '', '   '])
      expect([shown, isMemberNamed(alex, shown)]).toEqual([shown, false]);
    expect(isMemberNamed({ userId: 'sam', displayName: 'Sam SDR' }, 'sam sdr')).toBe(true);
  });
});
