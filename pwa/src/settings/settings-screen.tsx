import { useState } from 'preact/hooks';
import { describedBy } from '../ui/fields';
import { checkRelayUrl, type Settings } from './settings-store';
import { isExpired, readTokenClaims } from './token';

type Props = {
  settings: Settings;
  onSave: (settings: Settings) => void;
  nowMs: number;
  storage?: 'persistent' | 'best-effort' | 'unknown';
};

export function SettingsScreen({ settings, onSave, nowMs, storage = 'unknown' }: Props) {
  const [relayUrl, setRelayUrl] = useState(settings.relayUrl);
  const [token, setToken] = useState(settings.token);
  const [saved, setSaved] = useState(false);
  const urlCheck = checkRelayUrl(relayUrl);
  const tokenRead = token.trim() ? readTokenClaims(token) : null;
  const canSave = urlCheck.ok && (tokenRead === null || tokenRead.ok);

  const save = (event: Event) => {
    event.preventDefault();
    if (!urlCheck.ok || (tokenRead !== null && !tokenRead.ok)) return;
    onSave({ relayUrl: urlCheck.url, token: token.trim() });
    setSaved(true);
  };

  return (
    <section class="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form class="card form" onSubmit={save}>
        <label>
          Relay URL
          <input
            name="relayUrl"
            type="url"
            inputMode="url"
            value={relayUrl}
            aria-invalid={!urlCheck.ok}
            aria-describedby={describedBy(!urlCheck.ok && 'relay-error')}
            onInput={(event) => {
              setRelayUrl(event.currentTarget.value);
              setSaved(false);
            }}
          />
        </label>
        {!urlCheck.ok && (
          <p id="relay-error" class="error" role="alert">
            {urlCheck.message}
          </p>
        )}
        <label>
          Token
          <textarea
            name="token"
            rows={3}
            spellcheck={false}
            value={token}
            aria-invalid={tokenRead !== null && !tokenRead.ok}
            aria-describedby={describedBy(tokenRead !== null && !tokenRead.ok && 'token-error')}
            onInput={(event) => {
              setToken(event.currentTarget.value);
              setSaved(false);
            }}
          />
        </label>
        {tokenRead !== null && !tokenRead.ok && (
          <p id="token-error" class="error" role="alert">
            {tokenRead.message}
          </p>
        )}
        {tokenRead?.ok && (
          <dl class="claims" aria-label="What this token carries">
            <dt>Workspace</dt>
            <dd data-claim="workspace">{tokenRead.claims.ws}</dd>
            <dt>User</dt>
            <dd data-claim="user">
              {tokenRead.claims.name
                ? `${tokenRead.claims.name} (${tokenRead.claims.sub})`
                : tokenRead.claims.sub}
            </dd>
            <dt>Role</dt>
            <dd data-claim="role">
              {tokenRead.claims.role === 'viewer' ? 'viewer (read-only)' : tokenRead.claims.role}
            </dd>
            <dt>Expires</dt>
            <dd data-claim="expiry" class={isExpired(tokenRead.claims, nowMs) ? 'error' : ''}>
              {new Date(tokenRead.claims.exp * 1000).toLocaleString()}
              {isExpired(tokenRead.claims, nowMs) ? ' (expired: ask for a new token)' : ''}
            </dd>
          </dl>
        )}
        {tokenRead === null && <p class="hint">Without a token, agreements stay on this device only.</p>}
        <p class="hint" data-storage={storage}>
          {storage === 'persistent'
            ? 'This device keeps its copy even when storage runs low.'
            : storage === 'best-effort'
              ? 'The browser may clear this device’s copy when storage runs low; install the app to keep it.'
              : ''}
        </p>
        <div class="actions">
          <button type="submit" class="primary" disabled={!canSave}>
            Save
          </button>
          {saved && <span role="status">Saved</span>}
        </div>
      </form>
      <p class="card">
        <a href="#/channels">Escalation channels</a>: where escalations go when a clock runs late (Slack,
        Microsoft Teams, a signed webhook), and the log of what was sent.
      </p>
      <p class="card">
        <a href="#/people">People</a>: who is in which team, and the names the CRM shows for them as a
        record's owner.
      </p>
      <p class="card">
        <a href="#/import">Import history</a>: last quarter's handoffs, first touches and calls from CRM
        exports (admins), with a dry run before anything is written.
      </p>
    </section>
  );
}
