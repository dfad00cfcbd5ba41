import { readDirectory } from '@pactline/shared/doc';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { useAgreement } from '../agreements/use-agreement';
import { observeDoc } from '../doc/observe-doc';
import { useRoom, useSubscribed, useWorkspace } from '../sync/workspace';
import {
  type ChannelKind,
  type ChannelView,
  channelIdFrom,
  type DeliveryStatus,
  type DeliveryView,
  type RelayAdmin,
  relayAdmin,
} from './relay-admin';
import type { Settings } from './settings-store';

/**
 * Where an admin sets up the channels escalations reach (Slack, Microsoft Teams, a signed webhook),
 * sends a test message, and reads the delivery log with its attempts, retrying what failed. The
 * relay keeps the channels and their secrets: this screen sees URLs redacted, and a generated
 * signing key once.
 */
const kindNames: Record<ChannelKind, string> = {
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Signed webhook',
};

const urlHints: Record<ChannelKind, string> = {
  slack: 'The incoming webhook URL of a Slack app (https://hooks.slack.com/services/…).',
  teams: 'The incoming webhook or Workflows URL of a Teams channel.',
  webhook: 'Your endpoint; each request is signed (Pactline-Signature) with a key shown once.',
};

type Draft = {
  id: string | null;
  kind: ChannelKind;
  name: string;
  url: string;
  forParties: 'all' | string[];
};
const emptyDraft: Draft = { id: null, kind: 'slack', name: '', url: '', forParties: 'all' };

export function ChannelsScreen({ settings }: { settings: Settings }) {
  const workspace = useWorkspace();
  return (
    <section class="screen channels" aria-labelledby="channels-title">
      <h1 id="channels-title">Escalation channels</h1>
      {workspace.claims === null ? (
        <p class="card">Sign in with a token (in Settings) to see where this workspace’s escalations go.</p>
      ) : workspace.role !== 'admin' ? (
        <p class="card">Only the workspace’s admins set up channels. Ask one to add yours.</p>
      ) : (
        <ChannelsAdmin admin={relayAdmin(settings, workspace.workspaceId)} />
      )}
    </section>
  );
}

function ChannelsAdmin({ admin }: { admin: RelayAdmin }) {
  const [channels, setChannels] = useState<ChannelView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [signingKey, setSigningKey] = useState<{ channel: string; key: string } | null>(null);
  const [deliveriesVersion, setDeliveriesVersion] = useState(0);

  const load = useCallback(async () => {
    const result = await admin.channels();
    if (result.ok) {
      setChannels(result.value.channels);
      setError(null);
    } else setError(result.message);
  }, [admin]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (event: Event) => {
    event.preventDefault();
    if (draft === null) return;
    const id = draft.id ?? channelIdFrom(draft.name);
    const result = await admin.saveChannel(id, {
      kind: draft.kind,
      name: draft.name.trim(),
      // Left empty on an edit, the relay keeps the URL it has.
      ...(draft.url.trim() === '' ? {} : { url: draft.url.trim() }),
      forParties: draft.forParties,
    });
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    setDraft(null);
    setNotice(`Saved ${result.value.channel.name}.`);
    if (result.value.signingKey !== undefined)
      setSigningKey({ channel: result.value.channel.name, key: result.value.signingKey });
    await load();
  };

  const remove = async (channel: ChannelView) => {
    if (!window.confirm(`Remove ${channel.name}? Escalations stop going there.`)) return;
    const result = await admin.removeChannel(channel.id);
    if (!result.ok) setError(result.message);
    else setNotice(`Removed ${channel.name}.`);
    await load();
  };

  const sendTest = async (channel: ChannelView) => {
    const result = await admin.sendTest(channel.id);
    if (!result.ok) setError(result.message);
    else setNotice(`Test message queued for ${channel.name}: its delivery shows below.`);
    setDeliveriesVersion((version) => version + 1);
  };

  return (
    <>
      {error !== null && (
        <p class="error card" role="alert">
          {error}
        </p>
      )}
      {notice !== null && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {signingKey !== null && (
        <section class="card signing-key" aria-label="New signing key">
          <p>
            The signing key of <strong>{signingKey.channel}</strong>. Copy it now: it is not shown again. Your
            endpoint verifies each request’s <code>Pactline-Signature</code> with it.
          </p>
          <input
            class="signing-key-value"
            readOnly
            value={signingKey.key}
            aria-label="Signing key"
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" onClick={() => setSigningKey(null)}>
            I have copied it
          </button>
        </section>
      )}
      <div class="card">
        <div class="screen-head">
          <h2>Channels</h2>
          {draft === null && (
            <button type="button" class="primary" onClick={() => setDraft({ ...emptyDraft })}>
              Add a channel
            </button>
          )}
        </div>
        {channels === null ? (
          <p class="muted">Loading the channels…</p>
        ) : channels.length === 0 ? (
          <p class="muted">No channel yet: escalations are recorded in the log but reach nobody.</p>
        ) : (
          <ul class="channel-list">
            {channels.map((channel) => (
              <li key={channel.id} data-channel={channel.id}>
                <div>
                  <strong>{channel.name}</strong> · {kindNames[channel.kind]}
                  <br />
                  <code class="muted">{channel.url}</code>
                  <br />
                  <span class="muted">
                    {channel.forParties === 'all' ? 'Every party' : <PartyNames ids={channel.forParties} />}
                  </span>
                </div>
                <div class="actions">
                  <button type="button" onClick={() => void sendTest(channel)}>
                    Send test message
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      setDraft({
                        id: channel.id,
                        kind: channel.kind,
                        name: channel.name,
                        url: '',
                        forParties: channel.forParties,
                      })
                    }
                  >
                    Edit
                  </button>
                  <button type="button" onClick={() => void remove(channel)}>
                    Remove
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {draft !== null && (
        <ChannelForm draft={draft} onChange={setDraft} onSave={save} onCancel={() => setDraft(null)} />
      )}
      <DeliveryLog admin={admin} channels={channels ?? []} version={deliveriesVersion} />
    </>
  );
}

function ChannelForm(props: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  onSave: (event: Event) => void;
  onCancel: () => void;
}) {
  const { draft, onChange } = props;
  const isNew = draft.id === null;
  return (
    <form class="card form" onSubmit={props.onSave} aria-label={isNew ? 'New channel' : `Edit ${draft.name}`}>
      <h2>{isNew ? 'New channel' : `Edit ${draft.name}`}</h2>
      <label>
        Kind
        <select
          name="kind"
          value={draft.kind}
          onChange={(event) => onChange({ ...draft, kind: event.currentTarget.value as ChannelKind })}
        >
          {(Object.keys(kindNames) as ChannelKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {kindNames[kind]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input
          name="name"
          required
          maxLength={200}
          value={draft.name}
          onInput={(event) => onChange({ ...draft, name: event.currentTarget.value })}
        />
      </label>
      <label>
        Webhook URL
        <input
          name="url"
          type="url"
          required={isNew}
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder={isNew ? '' : 'Leave empty to keep the current URL'}
          value={draft.url}
          onInput={(event) => onChange({ ...draft, url: event.currentTarget.value })}
        />
      </label>
      <p class="hint">{urlHints[draft.kind]} The relay keeps it; this page never shows it again.</p>
      <PartyChoices value={draft.forParties} onChange={(forParties) => onChange({ ...draft, forParties })} />
      <div class="actions">
        <button type="submit" class="primary">
          Save channel
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The directory's agreements, kept current. */
function useDirectoryAgreements() {
  const workspace = useWorkspace();
  const { connection, isLoaded } = useRoom(workspace.directoryRoom());
  return useSubscribed(
    () => (connection && isLoaded ? readDirectory(connection.doc).agreements : []),
    (listener) => (connection ? observeDoc(connection.doc, listener) : () => {}),
    [connection, isLoaded],
  );
}

/** "Parties: Sales development": the names the workspace's agreements give these party ids. */
function PartyNames({ ids }: { ids: string[] }) {
  const agreements = useDirectoryAgreements();
  const [names, setNames] = useState<Record<string, Record<string, string>>>({});
  const named = new Map<string, string>();
  for (const byId of Object.values(names)) for (const [id, name] of Object.entries(byId)) named.set(id, name);
  return (
    <>
      Parties: {ids.map((id) => named.get(id) ?? id).join(', ')}
      {agreements.map((agreement) => (
        <AgreementPartyNames
          key={agreement.id}
          agreementId={agreement.id}
          onNames={(byId) =>
            // The same names again leave the state as it is: no render, no loop.
            setNames((current) =>
              JSON.stringify(current[agreement.id]) === JSON.stringify(byId)
                ? current
                : { ...current, [agreement.id]: byId },
            )
          }
        />
      ))}
    </>
  );
}

/** Reports the names an agreement gives its parties, whenever they change. */
function AgreementPartyNames(props: {
  agreementId: string;
  onNames: (byId: Record<string, string>) => void;
}) {
  const { read } = useAgreement(props.agreementId);
  const parties = read?.agreement?.terms.parties;
  const names = JSON.stringify(parties?.map((party) => [party.id, party.name]) ?? null);
  const { onNames } = props;
  useEffect(() => {
    const pairs = JSON.parse(names) as [string, string][] | null;
    if (pairs !== null) onNames(Object.fromEntries(pairs));
  }, [names, onNames]);
  return null;
}

/** Every party, or some: the parties of each agreement in the workspace, by name. */
function PartyChoices({
  value,
  onChange,
}: {
  value: 'all' | string[];
  onChange: (value: 'all' | string[]) => void;
}) {
  const agreements = useDirectoryAgreements();
  const chosen = value === 'all' ? [] : value;
  const toggle = (partyId: string, isOn: boolean) =>
    onChange(isOn ? [...new Set([...chosen, partyId])] : chosen.filter((id) => id !== partyId));
  return (
    <fieldset class="party-choices">
      <legend>Escalations for</legend>
      <label>
        <input type="radio" name="for" checked={value === 'all'} onChange={() => onChange('all')} /> Every
        party
      </label>
      <label>
        <input type="radio" name="for" checked={value !== 'all'} onChange={() => onChange(chosen)} /> Only
        these parties
      </label>
      {value !== 'all' &&
        agreements.map((agreement) => (
          <AgreementParties key={agreement.id} agreementId={agreement.id} chosen={chosen} onToggle={toggle} />
        ))}
    </fieldset>
  );
}

function AgreementParties(props: {
  agreementId: string;
  chosen: string[];
  onToggle: (partyId: string, isOn: boolean) => void;
}) {
  const { read } = useAgreement(props.agreementId);
  const agreement = read?.agreement;
  if (!agreement) return null;
  return (
    <div class="agreement-parties">
      <span class="muted">{agreement.title}</span>
      {agreement.terms.parties.map((party) => (
        <label key={party.id}>
          <input
            type="checkbox"
            checked={props.chosen.includes(party.id)}
            onChange={(event) => props.onToggle(party.id, event.currentTarget.checked)}
          />{' '}
          {party.name}
        </label>
      ))}
    </div>
  );
}

const statusNames: Record<DeliveryStatus | 'all', string> = {
  all: 'All',
  pending: 'Waiting to retry',
  delivered: 'Delivered',
  failed: 'Failed',
};

function DeliveryLog({
  admin,
  channels,
  version,
}: {
  admin: RelayAdmin;
  channels: ChannelView[];
  version: number;
}) {
  const [status, setStatus] = useState<DeliveryStatus | 'all'>('all');
  const [deliveries, setDeliveries] = useState<DeliveryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await admin.deliveries(status);
    if (result.ok) {
      setDeliveries(result.value.deliveries);
      setError(null);
    } else setError(result.message);
  }, [admin, status]);
  useEffect(() => {
    void load();
    // While the log is open it follows retries as they happen.
    const timer = setInterval(() => void load(), 3_000);
    return () => clearInterval(timer);
  }, [load, version]);
  const names = useMemo(() => new Map(channels.map((channel) => [channel.id, channel.name])), [channels]);
  const retry = async (delivery: DeliveryView) => {
    const result = await admin.retry(delivery.id);
    if (!result.ok) setError(result.message);
    await load();
  };
  return (
    <div class="card delivery-log">
      <div class="screen-head">
        <h2>Delivery log</h2>
        <label>
          Show
          <select
            name="status"
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as DeliveryStatus | 'all')}
          >
            {(Object.keys(statusNames) as (DeliveryStatus | 'all')[]).map((key) => (
              <option key={key} value={key}>
                {statusNames[key]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {deliveries === null ? (
        <p class="muted">Loading the log…</p>
      ) : deliveries.length === 0 ? (
        <p class="muted">Nothing sent{status === 'all' ? ' yet' : ' with this status'}.</p>
      ) : (
        <ul class="deliveries">
          {deliveries.map((delivery) => (
            <li key={delivery.id} data-delivery={delivery.id} data-status={delivery.status}>
              <div class="delivery-head">
                <span class={`pill status-${delivery.status}`}>{statusNames[delivery.status]}</span>{' '}
                <strong>{delivery.isTest ? 'Test message' : delivery.message.lead.name}</strong>
                {' · '}
                {delivery.isTest ? '' : `${delivery.message.rule.name}: ${delivery.message.headline} · `}
                to {names.get(delivery.channelId) ?? `${delivery.channelId} (removed)`}
                <span class="muted"> · {new Date(delivery.createdAt).toLocaleString()}</span>
                {delivery.status !== 'delivered' && (
                  <button type="button" onClick={() => void retry(delivery)}>
                    Retry now
                  </button>
                )}
              </div>
              {delivery.lastError !== null && <p class="error">{delivery.lastError}</p>}
              <details>
                <summary>
                  {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'}
                  {delivery.nextAttemptAt !== null &&
                    ` · next ${new Date(delivery.nextAttemptAt).toLocaleTimeString()}`}
                </summary>
                <ol>
                  {delivery.attemptLog.map((attempt) => (
                    <li key={attempt.at}>
                      {new Date(attempt.at).toLocaleString()}: {attempt.statusCode ?? 'no answer'} in{' '}
                      {attempt.latencyMs} ms{attempt.error === null ? '' : ` (${attempt.error})`}
                    </li>
                  ))}
                </ol>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
