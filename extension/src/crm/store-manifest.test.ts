import { describe, expect, it } from 'vitest';
import { builtInHostPatterns } from './host-patterns.js';
import { withoutDemoCrmHosts } from './store-manifest.js';

describe('the store build manifest', () => {
  it('drops the demo CRM hosts from permissions and content scripts and keeps every CRM host', () => {
    const manifest = withoutDemoCrmHosts({
      host_permissions: [...builtInHostPatterns],
      content_scripts: [{ matches: [...builtInHostPatterns] }],
      optional_host_permissions: ['https://*/*', 'http://*/*'],
    });
    const crmHosts = builtInHostPatterns.filter((pattern) => !/localhost|127\.0\.0\.1/.test(pattern));
    expect(crmHosts.length).toBeGreaterThan(4);
    expect(manifest.host_permissions).toEqual(crmHosts);
    expect(manifest.content_scripts[0]?.matches).toEqual(crmHosts);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1/);
  });

  it('leaves a manifest with no demo host as it is', () => {
    expect(withoutDemoCrmHosts({ host_permissions: ['https://app.hubspot.com/*'] })).toEqual({
      host_permissions: ['https://app.hubspot.com/*'],
    });
  });
});
