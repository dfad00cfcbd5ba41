import { describe, expect, it } from 'vitest';
import { isSafeLink, isWebAddress } from './safe-link.js';

describe('isSafeLink', () => {
  it('allows absolute http, https and mailto addresses', () => {
    for (const href of ['https://example.com/a?b=1', 'http://crm.example/leads/1', 'mailto:ops@example.com'])
      expect(isSafeLink(href), href).toBe(true);
  });

  it('refuses script, data and relative addresses, however they are spelled', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '/#/settings',
      '//evil.example',
      '',
      42,
      null,
    ])
      expect(isSafeLink(href), String(href)).toBe(false);
  });
});

describe('isWebAddress', () => {
  it('takes http and https pages only: no mail, script or data address', () => {
    expect(isWebAddress('https://app.hubspot.com/contacts/1/record/0-1/7')).toBe(true);
    expect(isWebAddress('http://localhost:5175/leads/L-1001')).toBe(true);
    for (const href of ['mailto:ops@example.com', 'javascript:alert(1)', 'data:text/html,x', 'ftp://x', 7])
      expect(isWebAddress(href), String(href)).toBe(false);
  });
});
