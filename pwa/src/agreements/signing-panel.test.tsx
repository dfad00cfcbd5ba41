// @vitest-environment happy-dom
import { type Agreement, templateTerms } from '@pactline/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { SigningPanel } from './signing-panel';

function agreementWithContacts(): Agreement {
  const terms = templateTerms('UTC');
  const parties = terms.parties.map((party) =>
    party.id === 'marketing' ? { ...party, contact: { name: 'Mia Marketing', userId: 'mia' } } : party,
  );
  return {
    id: 'sla',
    title: 'SLA',
    status: 'draft',
    version: 1,
    createdAtMs: 0,
    sections: {},
    terms: { ...terms, parties },
    signatures: [],
    signedVersions: [],
  } as unknown as Agreement;
}

describe('the signing panel', () => {
  it('reads each party and its contact as separate words, and names whom it waits for', () => {
    const host = document.createElement('div');
    document.body.append(host);
    act(() =>
      render(
        <SigningPanel
          agreement={agreementWithContacts()}
          userId="sam"
          userName="Sam SDR"
          isReadOnly={false}
          nowMs={() => 0}
          onSign={() => ({ ok: true })}
        />,
        host,
      ),
    );
    const marketing = host.querySelector('[data-party="marketing"]')?.textContent ?? '';
    expect(marketing).not.toContain('MarketingMia');
    expect(marketing).toContain('Marketing, point of contact: Mia Marketing.');
    expect(marketing).toContain('waiting for Mia Marketing');
    expect(marketing).not.toContain('waiting for mia');
  });
});
