import { describe, expect, it } from 'vitest';
import { watchLocation } from './watch-location.js';

/** A window with a mutable location and the event targets the watcher listens on. */
function fakeWindow(href: string, hasNavigationApi: boolean) {
  const target = new EventTarget();
  const navigation = hasNavigationApi ? new EventTarget() : undefined;
  const win = {
    location: { href },
    navigation,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  };
  return { win: win as unknown as Window & typeof win, target, navigation };
}

describe('watchLocation', () => {
  it('reports a pushState-style change through the Navigation API', () => {
    const { win, navigation } = fakeWindow('https://app.hubspot.com/contacts/1/record/0-1/1', true);
    const seen: string[] = [];
    watchLocation(win, (href) => seen.push(href));
    win.location.href = 'https://app.hubspot.com/contacts/1/record/0-1/2';
    navigation?.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual(['https://app.hubspot.com/contacts/1/record/0-1/2']);
  });

  it('reports back/forward moves and ignores events that leave the URL unchanged', () => {
    const { win, target } = fakeWindow('https://a.example/1', false);
    const seen: string[] = [];
    watchLocation(win, (href) => seen.push(href));
    target.dispatchEvent(new Event('popstate'));
    win.location.href = 'https://a.example/2';
    target.dispatchEvent(new Event('popstate'));
    target.dispatchEvent(new Event('hashchange'));
    expect(seen).toEqual(['https://a.example/2']);
  });

  it('catches a change without any event when asked to check, and stops listening on stop', () => {
    const { win, target } = fakeWindow('https://a.example/1', false);
    const seen: string[] = [];
    const watcher = watchLocation(win, (href) => seen.push(href));
    win.location.href = 'https://a.example/2';
    watcher.check();
    watcher.stop();
    win.location.href = 'https://a.example/3';
    target.dispatchEvent(new Event('popstate'));
    expect(seen).toEqual(['https://a.example/2']);
  });
});
