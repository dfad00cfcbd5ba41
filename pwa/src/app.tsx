import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AgreementList } from './agreements/agreement-list';
import { AgreementScreen } from './agreements/agreement-screen';
import { NewAgreement } from './agreements/new-agreement';
import { HandoffLogScreen } from './handoffs/handoff-log-screen';
import { PeopleScreen } from './people/people-screen';
import { ChannelsScreen } from './settings/channels-screen';
import { SettingsScreen } from './settings/settings-screen';
import { type Settings, saveSettings } from './settings/settings-store';
import { SyncStatusBadge } from './sync/sync-status';
import { useRoom, useWorkspace, Workspace, WorkspaceContext } from './sync/workspace';
import { ErrorBoundary } from './ui/error-boundary';
import { hrefFor, type Route, useRoute } from './ui/route';

const Dashboard = lazy(() =>
  import('./dashboard/dashboard').then((module) => ({ default: module.Dashboard })),
);

const ImportScreen = lazy(() =>
  import('./import/import-screen').then((module) => ({ default: module.ImportScreen })),
);

const navigation: { route: Route; label: string }[] = [
  { route: { screen: 'agreements' }, label: 'Agreements' },
  { route: { screen: 'log' }, label: 'Handoffs' },
  { route: { screen: 'dashboard' }, label: 'Dashboard' },
  { route: { screen: 'settings' }, label: 'Settings' },
];

function isCurrent(route: Route, item: Route): boolean {
  if (item.screen === 'agreements')
    return route.screen === 'agreements' || route.screen === 'agreement' || route.screen === 'new-agreement';
  if (item.screen === 'settings')
    return (
      route.screen === 'settings' ||
      route.screen === 'channels' ||
      route.screen === 'people' ||
      route.screen === 'import'
    );
  return route.screen === item.screen;
}

export function App({ initialSettings, storage }: { initialSettings: Settings; storage: Storage }) {
  const [settings, setSettings] = useState(initialSettings);
  const route = useRoute();
  const workspace = useMemo(
    () => new Workspace(settings.relayUrl, settings.token),
    [settings.relayUrl, settings.token],
  );
  useEffect(() => () => workspace.destroy(), [workspace]);

  return (
    <WorkspaceContext.Provider value={workspace}>
      <DirectoryHolder />
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-bar">
        <a class="brand" href="#/">
          Pactline
        </a>
        <span class="who" data-role={workspace.role}>
          {workspace.claims
            ? `${workspace.userName} · ${workspace.workspaceId} · ${workspace.role}`
            : 'Local workspace'}
        </span>
        <SyncStatusBadge />
      </header>
      <nav class="app-nav" aria-label="Main">
        {navigation.map((item) => (
          <a
            key={item.label}
            href={hrefFor(item.route)}
            aria-current={isCurrent(route, item.route) ? 'page' : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={screenKey(route)} what="This screen" isScreen>
          {route.screen === 'agreements' && <AgreementList />}
          {route.screen === 'new-agreement' && <NewAgreement />}
          {route.screen === 'agreement' && (
            <AgreementScreen agreementId={route.agreementId} tab={route.tab} />
          )}
          {route.screen === 'log' && <HandoffLogScreen handoffId={route.handoffId} />}
          {route.screen === 'dashboard' && (
            <Suspense fallback={<p class="screen muted">Loading the dashboard…</p>}>
              <Dashboard />
            </Suspense>
          )}
          {route.screen === 'channels' && <ChannelsScreen settings={settings} />}
          {route.screen === 'people' && <PeopleScreen />}
          {route.screen === 'import' && (
            <Suspense fallback={<p class="screen muted">Loading the import…</p>}>
              <ImportScreen />
            </Suspense>
          )}
          {route.screen === 'settings' && (
            <SettingsScreen
              settings={settings}
              nowMs={Date.now()}
              storage={storageState()}
              onSave={(next) => {
                saveSettings(storage, next);
                setSettings(next);
              }}
            />
          )}
        </ErrorBoundary>
      </main>
    </WorkspaceContext.Provider>
  );
}

/** One per screen (an agreement's tabs are one screen): a failed screen is left by moving to another. */
function screenKey(route: Route): string {
  return route.screen === 'agreement' ? `agreement:${route.agreementId}` : route.screen;
}

/** Keeps the workspace directory open all session: it lists the agreements and carries the sync status. */
function DirectoryHolder() {
  const workspace = useWorkspace();
  useRoom(workspace.directoryRoom());
  return null;
}

/** Whether the browser granted persistent storage (set at start-up by main.tsx). */
function storageState(): 'persistent' | 'best-effort' | 'unknown' {
  const value = document.documentElement.dataset.storage;
  return value === 'persistent' || value === 'best-effort' ? value : 'unknown';
}
