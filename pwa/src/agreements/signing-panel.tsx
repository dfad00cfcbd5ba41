import { type Agreement, isFullySigned, sectionIds, sectionTitles } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';

type Props = {
  agreement: Agreement;
  userId: string;
  userName: string;
  isReadOnly: boolean;
  nowMs: () => number;
  onSign: (partyId: string, signedAtMs: number) => WriteResult;
};

/** Who may sign for a party: its point of contact when one is named, otherwise any editor. */
export function canSignFor(party: Agreement['terms']['parties'][number], userId: string): boolean {
  return party.contact.userId === undefined || party.contact.userId === userId;
}

export function SigningPanel({ agreement, userId, userName, isReadOnly, nowMs, onSign }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [openVersion, setOpenVersion] = useState<number | null>(null);
  const current = agreement.signatures.filter((signature) => signature.version === agreement.version);
  const isSigned = isFullySigned(agreement.terms.parties, agreement.signatures, agreement.version);
  return (
    <section aria-labelledby="signing-title">
      <h2 id="signing-title">
        Signatures for version {agreement.version}{' '}
        {isSigned ? <span class="pill status-active">signed by all</span> : null}
      </h2>
      <p class="hint">
        Each party's point of contact signs this version. Editing the agreement after everyone has signed
        starts version {agreement.version + 1} as a new draft; signed versions stay readable below.
      </p>
      <ul class="cards">
        {agreement.terms.parties.map((party) => {
          const signature = current.find((item) => item.partyId === party.id);
          return (
            <li key={party.id} class="card signature" data-party={party.id}>
              <strong>{party.name}</strong>
              <span class="visually-hidden">, point of contact: </span>
              <span class="muted">{party.contact.name}</span>
              <span class="visually-hidden">. </span>
              {signature ? (
                <span class="pill status-active">
                  Signed by {signature.signerName} on {new Date(signature.signedAtMs).toLocaleString()}
                </span>
              ) : isReadOnly ? (
                <span class="muted">not signed</span>
              ) : canSignFor(party, userId) ? (
                <button
                  type="button"
                  class="primary"
                  onClick={() => {
                    const result = onSign(party.id, nowMs());
                    setError(result.ok ? null : result.message);
                  }}
                >
                  Sign for {party.name} as {userName}
                </button>
              ) : (
                <span class="muted">waiting for {party.contact.name}</span>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h2>Signed versions</h2>
      {agreement.signedVersions.length === 0 && (
        <p class="empty">No version has been signed by every party yet.</p>
      )}
      <ul class="cards">
        {[...agreement.signedVersions].reverse().map((version) => (
          <li key={version.version} class="card">
            <button
              type="button"
              class="ghost"
              aria-expanded={openVersion === version.version}
              onClick={() => setOpenVersion(openVersion === version.version ? null : version.version)}
            >
              Version {version.version} · signed {new Date(version.signedAtMs).toLocaleDateString()} by{' '}
              {version.signatures.map((signature) => signature.signerName).join(', ')}
            </button>
            {openVersion === version.version && (
              <article class="signed-version" aria-label={`Signed version ${version.version}`}>
                <h3>{version.title}</h3>
                {sectionIds.map((id) => (
                  <section key={id}>
                    <h4>{sectionTitles[id]}</h4>
                    <p class="prewrap">{version.sections[id]}</p>
                  </section>
                ))}
                <h4>Rules</h4>
                <ul>
                  {version.terms.rules.map((rule) => (
                    <li key={rule.id}>
                      {rule.name} (version {rule.version}
                      {rule.kind === 'response' ? `, ${rule.targetMinutes} business minutes` : ''})
                    </li>
                  ))}
                </ul>
              </article>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
