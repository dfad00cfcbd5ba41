import { useEffect, useState } from 'preact/hooks';

/** Hash routes, so the precached shell serves every screen offline from one index.html. */
export type Route =
  | { screen: 'agreements' }
  | { screen: 'new-agreement' }
  | { screen: 'agreement'; agreementId: string; tab: AgreementTab }
  /** `handoffId`: opened on arrival (the link in an escalation message). */
  | { screen: 'log'; handoffId?: string }
  | { screen: 'dashboard' }
  | { screen: 'people' }
  | { screen: 'import' }
  | { screen: 'settings' }
  | { screen: 'channels' };

export const agreementTabs = ['text', 'parties', 'calendars', 'rules', 'checklists', 'signing'] as const;
export type AgreementTab = (typeof agreementTabs)[number];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const [first, second, third] = path.split('/');
  switch (first) {
    case 'new':
      return { screen: 'new-agreement' };
    case 'a': {
      if (!second) return { screen: 'agreements' };
      const tab = agreementTabs.find((candidate) => candidate === third) ?? 'text';
      return { screen: 'agreement', agreementId: decodeURIComponent(second), tab };
    }
    case 'log':
      return second ? { screen: 'log', handoffId: decodeURIComponent(second) } : { screen: 'log' };
    case 'dashboard':
      return { screen: 'dashboard' };
    case 'people':
      return { screen: 'people' };
    case 'import':
      return { screen: 'import' };
    case 'settings':
      return { screen: 'settings' };
    case 'channels':
      return { screen: 'channels' };
    default:
      return { screen: 'agreements' };
  }
}

export function hrefFor(route: Route): string {
  switch (route.screen) {
    case 'agreements':
      return '#/';
    case 'new-agreement':
      return '#/new';
    case 'agreement':
      return `#/a/${encodeURIComponent(route.agreementId)}/${route.tab}`;
    case 'log':
      return route.handoffId === undefined ? '#/log' : `#/log/${encodeURIComponent(route.handoffId)}`;
    default:
      return `#/${route.screen}`;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
