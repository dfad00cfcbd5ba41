// @vitest-environment happy-dom
import { type ResponseRule, type Rule, templateTerms } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleEditor } from './rule-editor';

const terms = templateTerms();
const rule = terms.rules[0] as ResponseRule;

function mount(props: { isReadOnly?: boolean; onSave?: (rule: Rule) => WriteResult } = {}) {
  const host = document.createElement('div');
  document.body.append(host);
  const saved: Rule[] = [];
  act(() => {
    render(
      <RuleEditor
        rule={rule}
        parties={terms.parties}
        calendars={terms.calendars}
        isReadOnly={props.isReadOnly ?? false}
        onSave={
          props.onSave ??
          ((next) => {
            saved.push(next);
            return { ok: true };
          })
        }
      />,
      host,
    );
  });
  return { host, saved };
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function saveButton(host: HTMLElement): HTMLButtonElement {
  return [...host.querySelectorAll('button')].find(
    (button) => button.textContent === 'Save rule',
  ) as HTMLButtonElement;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('rule editor', () => {
  it('shows the schema message beside the warning thresholds and blocks saving', () => {
    const { host, saved } = mount();
    const thresholds = host.querySelector('input[name="warningPercents"]') as HTMLInputElement;
    type(thresholds, '80, 50');
    expect(thresholds.getAttribute('aria-invalid')).toBe('true');
    const message = host.querySelector(`#${thresholds.getAttribute('aria-describedby')}`);
    expect(message?.textContent).toBe('warning thresholds must be in increasing order');
    expect(saveButton(host).disabled).toBe(true);
    act(() => saveButton(host).click());
    expect(saved).toEqual([]);
  });

  it('says a target must be a positive number and recovers once fixed', () => {
    const { host } = mount();
    const target = host.querySelector('input[name="targetMinutes"]') as HTMLInputElement;
    type(target, '');
    expect(host.textContent).toContain('enter a number');
    type(target, '-5');
    expect(host.textContent).toContain('must be more than 0');
    type(target, '30');
    expect(target.getAttribute('aria-invalid')).toBe('false');
    expect(saveButton(host).disabled).toBe(false);
  });

  it('refuses a handoff from a party to itself', () => {
    const { host } = mount();
    const to = host.querySelector('select[name="toPartyId"]') as HTMLSelectElement;
    act(() => {
      to.value = 'marketing';
      to.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(host.textContent).toContain('a handoff goes from one party to another');
  });

  it('saves the parsed rule, per-priority targets included', () => {
    const { host, saved } = mount();
    type(host.querySelector('input[name="targetMinutes"]') as HTMLInputElement, '120');
    type(host.querySelector('input[name="targetMinutesByPriority"]') as HTMLInputElement, 'hot=10, warm=90');
    act(() => saveButton(host).click());
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ targetMinutes: 120, targetMinutesByPriority: { hot: 10, warm: 90 } });
  });

  it('shows the store refusal and keeps the draft', () => {
    const { host } = mount({
      onSave: () => ({ ok: false, code: 'not_initialised', message: 'the agreement is not loaded' }),
    });
    const target = host.querySelector('input[name="targetMinutes"]') as HTMLInputElement;
    type(target, '99');
    act(() => saveButton(host).click());
    expect(host.querySelector('[role="alert"]')?.textContent).toBe('the agreement is not loaded');
    expect(target.value).toBe('99');
  });

  it('edits the escalation ladder as text, keeping what is typed and saving parsed targets', () => {
    const { host, saved } = mount();
    const notify = host.querySelector('input[name="escalation.1.notify"]') as HTMLInputElement;
    expect(notify.value).toBe('party:sdr, sender');
    type(notify, 'sender, ');
    expect(notify.value).toBe('sender, ');
    type(notify, 'sender, party:');
    expect(notify.getAttribute('aria-invalid')).toBe('true');
    type(notify, 'sender, party:ae, user:lee');
    act(() => saveButton(host).click());
    expect((saved[0] as ResponseRule).escalation[1]?.notify).toEqual([
      { kind: 'sender' },
      { kind: 'party', partyId: 'ae' },
      { kind: 'user', userId: 'lee' },
    ]);
  });

  it('offers no way to change anything to a viewer', () => {
    const { host } = mount({ isReadOnly: true });
    expect(saveButton(host)).toBeUndefined();
    const controls = [...host.querySelectorAll('input, select, textarea')] as HTMLInputElement[];
    expect(controls.length).toBeGreaterThan(5);
    expect(controls.every((control) => control.disabled)).toBe(true);
  });
});
