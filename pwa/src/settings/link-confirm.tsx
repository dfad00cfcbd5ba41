import type { LinkPlan } from './link-settings';
import type { Settings } from './settings-store';

type Props = {
  plan: Extract<LinkPlan, { kind: 'confirm' } | { kind: 'refused' }>;
  current: Settings;
  onAccept: (settings: Settings) => void;
  onKeep: () => void;
};

/** Asks before a link changes the relay or the saved token, or says why a link was not used. */
export function LinkConfirm({ plan, current, onAccept, onKeep }: Props) {
  return (
    <main id="main" class="link-confirm" tabIndex={-1}>
      <section class="card" aria-labelledby="link-title">
        <h1 id="link-title">
          {plan.kind === 'refused' ? 'This link was not used' : 'Use the settings in this link?'}
        </h1>
        {plan.kind === 'refused' ? (
          <p role="alert">{plan.message}</p>
        ) : (
          <>
            <p>
              The link connects Pactline on this device to the relay{' '}
              <strong data-link-relay>{plan.settings.relayUrl}</strong> as{' '}
              <strong>{plan.claims.name ?? plan.claims.sub}</strong> ({plan.claims.role}) in the workspace{' '}
              <strong>{plan.claims.ws}</strong>.
            </p>
            {plan.isRelayChange && (
              <p class="warning">
                This device syncs with <strong>{current.relayUrl}</strong> now. It keeps a separate copy for
                the relay above and sends it nothing of this one; what you write there goes to it, so continue
                only if you trust it and whoever sent the link.
              </p>
            )}
            {plan.isTokenReplaced && <p class="warning">It replaces the token saved on this device.</p>}
          </>
        )}
        <div class="row">
          {plan.kind === 'confirm' && (
            <button type="button" onClick={() => onAccept(plan.settings)}>
              Connect to {plan.settings.relayUrl}
            </button>
          )}
          <button type="button" class="ghost" onClick={onKeep}>
            Keep my current settings
          </button>
        </div>
      </section>
    </main>
  );
}
