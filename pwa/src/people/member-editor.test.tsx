// @vitest-environment happy-dom
import type { Member } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { MemberEditor } from './member-editor';

const parties = [
  { id: 'sdr', name: 'Sales development' },
  { id: 'ae', name: 'Account executives' },
];
const alex: Member = { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' };

function mount(member: Member, onSave: (member: Member) => WriteResult, isNew = false) {
  const host = document.createElement('div');
  document.body.append(host);
  act(() =>
    render(
      <MemberEditor member={member} parties={parties} isReadOnly={false} isNew={isNew} onSave={onSave} />,
      host,
    ),
  );
  return host;
}

function type(field: Element | null, value: string) {
  const input = field as HTMLInputElement | HTMLTextAreaElement;
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function button(host: HTMLElement, text: string): HTMLButtonElement {
  const found = [...host.querySelectorAll('button')].find((item) => item.textContent === text);
  if (!found) throw new Error(`no button ${text}`);
  return found as HTMLButtonElement;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('member editor', () => {
  it('saves the names the CRM shows for a member, one per line, trimmed and without blank lines', () => {
    const saved: Member[] = [];
    const host = mount(alex, (member) => {
      saved.push(member);
      return { ok: true };
    });
    expect((host.querySelector('input[name="userId"]') as HTMLInputElement).disabled).toBe(true);
    type(host.querySelector('textarea[name="crmNames"]'), ' Alexandra Eriksson \n\naeriksson\n');
    act(() => button(host, 'Save member').click());
    expect(saved).toEqual([{ ...alex, crmNames: ['Alexandra Eriksson', 'aeriksson'] }]);
  });

  it('refuses a name listed twice, says why, and saves nothing', () => {
    const saved: Member[] = [];
    const host = mount(alex, (member) => {
      saved.push(member);
      return { ok: true };
    });
    type(host.querySelector('textarea[name="crmNames"]'), 'A. Eriksson\na.  eriksson');
    expect(host.textContent).toContain('a CRM name is listed twice');
    expect(button(host, 'Save member').disabled).toBe(true);
    expect(saved).toEqual([]);
  });

  it('adds a new member with a user id, and shows the store’s refusal', () => {
    const host = mount(
      { userId: '', displayName: '' },
      () => ({
        ok: false,
        code: 'duplicate',
        message: '"alex" is already a member: edit them in the list.',
      }),
      true,
    );
    type(host.querySelector('input[name="displayName"]'), 'Alex Again');
    type(host.querySelector('input[name="userId"]'), 'alex');
    act(() => button(host, 'Add member').click());
    expect(host.querySelector('[role="alert"]')?.textContent).toBe(
      '"alex" is already a member: edit them in the list.',
    );
    type(host.querySelector('input[name="userId"]'), 'bad id!');
    expect(button(host, 'Add member').disabled).toBe(true);
  });
});
