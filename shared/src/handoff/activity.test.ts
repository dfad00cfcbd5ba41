import { describe, expect, it } from 'vitest';
import { activityKindOf } from './activity.js';

describe('activityKindOf', () => {
  it('reads the words agreements use for calls, emails and meetings', () => {
    const cases: [string, string | undefined][] = [
      ['call', 'call'],
      ['Calls', 'call'],
      ['  phone   calls ', 'call'],
      ['dials', 'call'],
      ['calls made', 'call'],
      ['email', 'email'],
      ['E-mails sent', 'email'],
      ['messages sent', 'email'],
      ['meetings booked', 'meeting'],
      ['Demos held', 'meeting'],
    ];
    for (const [words, kind] of cases) expect([words, activityKindOf(words)]).toEqual([words, kind]);
  });

  it('names nothing for words the overlay does not log, rather than guessing', () => {
    for (const words of ['LinkedIn touches', 'callbacks', 'social posts', 'emailing lists', ''])
      expect([words, activityKindOf(words)]).toEqual([words, undefined]);
  });
});
