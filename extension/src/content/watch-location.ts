/**
 * Follows single-page navigation. The Navigation API reports pushState and replaceState from the
 * page's own scripts (Chromium); `popstate` and `hashchange` cover history moves elsewhere, and
 * `check()` lets a caller that already runs a timer catch anything else (Firefox without the
 * Navigation API). `onChange` fires once per distinct URL.
 */
export interface LocationWatcher {
  check(): void;
  stop(): void;
}

interface NavigationLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export function watchLocation(win: Window, onChange: (href: string) => void): LocationWatcher {
  let lastHref = win.location.href;
  const check = () => {
    const href = win.location.href;
    if (href === lastHref) return;
    lastHref = href;
    onChange(href);
  };
  const navigation = (win as Window & { navigation?: NavigationLike }).navigation;
  // `currententrychange` fires after the URL has changed, unlike `navigate`.
  navigation?.addEventListener('currententrychange', check);
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  return {
    check,
    stop() {
      navigation?.removeEventListener('currententrychange', check);
      win.removeEventListener('popstate', check);
      win.removeEventListener('hashchange', check);
    },
  };
}
