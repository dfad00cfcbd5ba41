// @vitest-environment happy-dom
import { type ChecklistTemplate, type Party, templateTerms } from '@pactline/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecklistEditor } from './checklist-editor';
import { PartyEditor } from './party-editor';

const terms = templateTerms();

function mountIn(node: preact.ComponentChild) {
  const host = document.createElement('div');
  document.body.append(host);
  act(() => render(node, host));
  return host;
}

function type(field: HTMLInputElement, value: string) {
  act(() => {
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
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

describe('checklist editor', () => {
  it('adds an item, requires its label, and saves it with its automatic check', () => {
    const saved: ChecklistTemplate[] = [];
    const checklist = terms.checklists[0] as ChecklistTemplate;
    const host = mountIn(
      <ChecklistEditor
        checklist={checklist}
        parties={terms.parties}
        isReadOnly={false}
        onSave={(next) => {
          saved.push(next);
          return { ok: true };
        }}
      />,
    );
    act(() => button(host, 'Add an item').click());
    const index = checklist.items.length;
    const label = host.querySelector(`input[name="items.${index}.label"]`) as HTMLInputElement;
    expect(label.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector(`[id="${label.getAttribute('aria-describedby')}"]`)?.textContent).toBe(
      'required',
    );
    expect(button(host, 'Save checklist').disabled).toBe(true);
    type(label, 'Company is filled in');
    const auto = host.querySelector(`select[name="items.${index}.autoCheck"]`) as HTMLSelectElement;
    act(() => {
      auto.value = 'company';
      auto.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => button(host, 'Save checklist').click());
    expect(saved[0]?.items.at(-1)).toEqual({
      id: `item-${index + 1}`,
      label: 'Company is filled in',
      isRequired: false,
      autoCheck: { field: 'company', condition: 'filled' },
    });
  });
});

describe('party editor', () => {
  it('explains a bad contact email and saves once it is fixed', () => {
    const saved: Party[] = [];
    const host = mountIn(
      <PartyEditor
        party={terms.parties[0] as Party}
        isReadOnly={false}
        onSave={(next) => {
          saved.push(next);
          return { ok: true };
        }}
      />,
    );
    const email = host.querySelector('input[name="contact.email"]') as HTMLInputElement;
    type(email, 'head-of-demand');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(button(host, 'Save party').disabled).toBe(true);
    type(email, 'demand@acme.example');
    act(() => button(host, 'Save party').click());
    expect(saved[0]?.contact).toEqual({ name: 'Head of demand generation', email: 'demand@acme.example' });
  });
});
