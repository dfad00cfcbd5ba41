import { describe, expect, it } from 'vitest';
import { genericPatternSchema } from '../crm/generic/generic-pattern.js';
import { defaultSettings } from '../settings/settings-schema.js';
import { optionalHostPatterns } from './optional-hosts.js';

describe('optionalHostPatterns', () => {
  it('asks for each user CRM origin and custom Salesforce domain once, without ports', () => {
    const pattern = (origin: string) =>
      genericPatternSchema.parse({
        id: origin,
        label: origin,
        origin,
        urlPattern: '/lead/(?<recordId>\\d+)',
      });
    expect(
      optionalHostPatterns({
        ...defaultSettings,
        genericPatterns: [pattern('https://crm.acme.example'), pattern('http://intranet.acme.example:8080')],
        salesforceHosts: ['sales.acme.example', 'crm.acme.example'],
      }),
    ).toEqual([
      'https://crm.acme.example/*',
      'http://intranet.acme.example/*',
      'https://sales.acme.example/*',
    ]);
  });

  it('asks for nothing when the user configured nothing', () => {
    expect(optionalHostPatterns(defaultSettings)).toEqual([]);
  });
});
