import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  type GenericPattern,
  genericPatternSchema,
  hostPermissionFor,
  parseFieldSelectorLines,
} from '../crm/generic/generic-pattern.js';
import { decodeToken } from '../settings/decode-token.js';
import { type Settings, settingsSchema } from '../settings/settings-schema.js';

export interface OptionsDeps {
  load: () => Promise<Settings>;
  save: (settings: Settings) => Promise<void>;
  /** Must run inside the click that asked for it: browsers only grant permissions on a user gesture. */
  requestOrigins: (origins: string[]) => Promise<boolean>;
  removeOrigins: (origins: string[]) => Promise<boolean>;
  grantedOrigins: () => Promise<string[]>;
  timeZones: readonly string[];
  nowMs: () => number;
}

type Section = 'relay' | 'zone' | 'generic' | 'salesforce';

/** "Saved." beside what saved it: a live region per section, empty until that section saves. */
function SavedNote({ section, status }: { section: Section; status: SavedStatus | null }) {
  return (
    <span role="status" class="saved">
      {status?.section === section ? status.text : ''}
    </span>
  );
}
type SavedStatus = { section: Section; text: string };

function RelaySection({
  settings,
  onSave,
  nowMs,
  status,
}: {
  settings: Settings;
  onSave: (next: Settings, section: Section) => Promise<void>;
  nowMs: number;
  status: SavedStatus | null;
}) {
  const [url, setUrl] = useState(settings.relay.url);
  const [token, setToken] = useState(settings.relay.token);
  const [error, setError] = useState<string | null>(null);
  const decoded = decodeToken(token, nowMs);
  return (
    <section aria-labelledby="relay-heading">
      <h2 id="relay-heading">Relay</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const relay = { url: url.trim(), token: token.trim() };
          const parsed = settingsSchema.shape.relay.safeParse(relay);
          if (!parsed.success) {
            setError(parsed.error.issues.map((issue) => issue.message).join('; '));
            return;
          }
          setError(null);
          void onSave({ ...settings, relay }, 'relay');
        }}
      >
        <label>
          Relay address
          <input
            name="relayUrl"
            type="url"
            value={url}
            placeholder="wss://relay.example.com"
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
        </label>
        <label>
          Token
          <textarea
            name="token"
            rows={3}
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
          />
        </label>
        <div data-testid="token-claims" aria-live="polite">
          {decoded.ok ? (
            <dl>
              <dt>Workspace</dt>
              <dd>{decoded.claims.ws}</dd>
              <dt>User</dt>
              <dd>
                {decoded.claims.name ? `${decoded.claims.name} (${decoded.claims.sub})` : decoded.claims.sub}
              </dd>
              <dt>Role</dt>
              <dd>{decoded.claims.role}</dd>
              <dt>Expires</dt>
              <dd class={decoded.isExpired ? 'bad' : ''}>
                {new Date(decoded.expiresAtMs).toLocaleString()}
                {decoded.isExpired ? ' — expired: ask for a new token' : ''}
              </dd>
            </dl>
          ) : (
            <p class={decoded.code === 'empty' ? '' : 'bad'}>{decoded.message}</p>
          )}
        </div>
        {error && (
          <p class="bad" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit">Save relay</button>
          <SavedNote section="relay" status={status} />
        </div>
      </form>
    </section>
  );
}

function PatternForm({
  onAdd,
  note,
}: {
  onAdd: (pattern: GenericPattern) => Promise<string | null>;
  note: ComponentChildren;
}) {
  const emptyDraft = { label: '', origin: '', urlPattern: '', objectType: 'record', fieldSelectors: '' };
  const [draft, setDraft] = useState(emptyDraft);
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof draft, label: string, hint?: string) => (
    <label>
      {label}
      <input
        name={name}
        value={draft[name]}
        placeholder={hint}
        onInput={(event) => setDraft({ ...draft, [name]: event.currentTarget.value })}
      />
    </label>
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const selectors = parseFieldSelectorLines(draft.fieldSelectors);
        if (!selectors.ok) {
          setError(selectors.message);
          return;
        }
        const parsed = genericPatternSchema.safeParse({
          ...draft,
          fieldSelectors: selectors.selectors,
          id: `pattern-${Date.now().toString(36)}`,
        });
        if (!parsed.success) {
          setError(
            parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
          );
          return;
        }
        void onAdd(parsed.data).then((problem) => {
          setError(problem);
          if (!problem) setDraft(emptyDraft);
        });
      }}
    >
      {field('label', 'Name', 'In-house CRM')}
      {field('origin', 'Origin', 'https://crm.example.com')}
      {field(
        'urlPattern',
        'URL pattern (regular expression with a (?<recordId>…) group)',
        '/leads/(?<recordId>\\d+)',
      )}
      {field('objectType', 'Object type')}
      <label>
        Fields to read (one per line: field = CSS selector)
        <textarea
          name="fieldSelectors"
          rows={3}
          value={draft.fieldSelectors}
          placeholder={'owner = [data-field="owner"]\nphone = [data-field="phone"]'}
          onInput={(event) => setDraft({ ...draft, fieldSelectors: event.currentTarget.value })}
        />
      </label>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit">Add CRM</button>
        {note}
      </div>
    </form>
  );
}

export function OptionsApp(deps: OptionsDeps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [granted, setGranted] = useState<string[]>([]);
  const [status, setStatus] = useState<SavedStatus | null>(null);
  const [hostDraft, setHostDraft] = useState('');
  const [hostError, setHostError] = useState<string | null>(null);
  useEffect(() => {
    void deps.load().then(setSettings);
    void deps.grantedOrigins().then(setGranted);
  }, [deps]);
  if (!settings) return <p>Loading…</p>;

  const save = async (next: Settings, section: Section) => {
    await deps.save(next);
    setSettings(next);
    setGranted(await deps.grantedOrigins());
    setStatus({ section, text: 'Saved.' });
  };

  return (
    <main>
      <h1>Pactline options</h1>
      <RelaySection settings={settings} onSave={save} nowMs={deps.nowMs()} status={status} />

      <section aria-labelledby="zone-heading">
        <h2 id="zone-heading">Display time zone</h2>
        <label>
          Show breach times in
          <select
            name="timeZone"
            value={settings.displayTimeZone}
            onChange={(event) =>
              void save({ ...settings, displayTimeZone: event.currentTarget.value }, 'zone')
            }
          >
            <option value="">This browser's zone ({Intl.DateTimeFormat().resolvedOptions().timeZone})</option>
            {deps.timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <SavedNote section="zone" status={status} />
      </section>

      <section aria-labelledby="generic-heading">
        <h2 id="generic-heading">Other CRMs</h2>
        <ul>
          {settings.genericPatterns.map((pattern) => (
            <li key={pattern.id}>
              <strong>{pattern.label}</strong> — {pattern.origin} <code>{pattern.urlPattern}</code>{' '}
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  void save(
                    {
                      ...settings,
                      genericPatterns: settings.genericPatterns.filter((item) => item.id !== pattern.id),
                    },
                    'generic',
                  )
                }
              >
                Remove {pattern.label}
              </button>
            </li>
          ))}
        </ul>
        <PatternForm
          onAdd={async (pattern) => {
            const isGranted = await deps.requestOrigins([hostPermissionFor(pattern)]);
            if (!isGranted)
              return `Access to ${pattern.origin} was not granted, so the pattern was not added.`;
            await save({ ...settings, genericPatterns: [...settings.genericPatterns, pattern] }, 'generic');
            return null;
          }}
          note={<SavedNote section="generic" status={status} />}
        />
      </section>

      <section aria-labelledby="salesforce-heading">
        <h2 id="salesforce-heading">Salesforce on your own domain</h2>
        <ul>
          {settings.salesforceHosts.map((host) => (
            <li key={host}>
              {host}{' '}
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  void save(
                    {
                      ...settings,
                      salesforceHosts: settings.salesforceHosts.filter((item) => item !== host),
                    },
                    'salesforce',
                  )
                }
              >
                Remove {host}
              </button>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const host = hostDraft.trim().toLowerCase();
            const parsed = settingsSchema.shape.salesforceHosts.safeParse([host]);
            if (!parsed.success || host === '') {
              setHostError('Enter a host name like crm.example.com (no https://, no path).');
              return;
            }
            void deps.requestOrigins([`https://${host}/*`]).then(async (isGranted) => {
              if (!isGranted) {
                setHostError(`Access to ${host} was not granted.`);
                return;
              }
              setHostError(null);
              setHostDraft('');
              await save(
                { ...settings, salesforceHosts: [...new Set([...settings.salesforceHosts, host])] },
                'salesforce',
              );
            });
          }}
        >
          <label>
            Host
            <input
              name="salesforceHost"
              value={hostDraft}
              placeholder="crm.example.com"
              onInput={(event) => setHostDraft(event.currentTarget.value)}
            />
          </label>
          {hostError && (
            <p class="bad" role="alert">
              {hostError}
            </p>
          )}
          <div class="actions">
            <button type="submit">Add domain</button>
            <SavedNote section="salesforce" status={status} />
          </div>
        </form>
      </section>

      <section aria-labelledby="permissions-heading">
        <h2 id="permissions-heading">Sites Pactline may read besides the built-in CRMs</h2>
        {granted.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {granted.map((origin) => (
              <li key={origin}>
                {origin}{' '}
                <button
                  type="button"
                  class="secondary"
                  onClick={() =>
                    void deps
                      .removeOrigins([origin])
                      .then(async () => setGranted(await deps.grantedOrigins()))
                  }
                >
                  Revoke {origin}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
