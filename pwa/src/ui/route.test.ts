import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from './route';

describe('hash routes', () => {
  it('reads and writes every screen, a linked handoff and the channels screen included', () => {
    const routes = [
      { screen: 'agreements' },
      { screen: 'new-agreement' },
      { screen: 'agreement', agreementId: 'main sla', tab: 'rules' },
      { screen: 'log' },
      { screen: 'log', handoffId: 'h-00002:x/y' },
      { screen: 'dashboard' },
      { screen: 'settings' },
      { screen: 'channels' },
    ] as const;
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(hrefFor({ screen: 'log', handoffId: 'maya' })).toBe('#/log/maya');
    // What an escalation message links to, and junk, land somewhere sensible.
    expect(parseRoute('#/log/maya?from=slack')).toEqual({ screen: 'log', handoffId: 'maya' });
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'agreements' });
  });
});
