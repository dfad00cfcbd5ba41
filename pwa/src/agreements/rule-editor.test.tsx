// @vitest-environment happy-dom
import { type Member, type ResponseRule, type Rule, templateTerms } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../settings/relay-admin';
import { RuleEditor } from './rule-editor';

const terms = templateTerms();
const rule = terms.rules[0] as ResponseRule;

function mount(
  props: {
    rule?: ResponseRule;
    members?: Member[];
    channels?: ChannelName[] | null;
    isReadOnly?: boolean;
    onSave?: (rule: Rule) => WriteResult;
  } = {},
) {
  const host = document.createElement('div');
  document.body.append(host);
  const saved: Rule[] = [];
  act(() => {
    render(
      <RuleEditor
        rule={props.rule ?? rule}
        parties={terms.parties}
        calendars={terms.calendars}
        members={props.members ?? []}
        channels={props.channels ?? null}
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

  it('picks whom each escalation step notifies from lists of roles, teams and people', () => {
    const { host, saved } = mount({
      members: [
        { userId: 'lee', displayName: 'Lee Lead', partyId: 'sdr' },
        { userId: 'ana', displayName: 'Ana AE', partyId: 'ae' },
      ],
    });
    const box = (key: string) =>
      host.querySelector(`input[name="escalation.1.notify.${key}"]`) as HTMLInputElement | null;
    // The template's second step notifies the SDR team and the sender: ticked, by name.
    expect(box('party:sdr')?.checked).toBe(true);
    expect(box('sender')?.checked).toBe(true);
    expect(box('party:sdr')?.parentElement?.textContent).toBe('Everyone in Sales development');
    expect(box('user:lee')?.parentElement?.textContent).toBe('Lee Lead');
    const click = (input: HTMLInputElement | null) => act(() => input?.click());
    click(box('party:sdr'));
    click(box('party:ae'));
    click(box('user:lee'));
    act(() => saveButton(host).click());
    expect((saved[0] as ResponseRule).escalation[1]?.notify).toEqual([
      { kind: 'sender' },
      { kind: 'party', partyId: 'ae' },
      { kind: 'user', userId: 'lee' },
    ]);
  });

  it('keeps a notified person who left the workspace, and refuses a step that notifies nobody', () => {
    const gone: ResponseRule = {
      ...rule,
      escalation: [{ atPercent: 100, notify: [{ kind: 'user', userId: 'former-rep' }] }],
    };
    const { host, saved } = mount({ rule: gone });
    const kept = host.querySelector('input[name="escalation.0.notify.user:former-rep"]') as HTMLInputElement;
    expect(kept.checked).toBe(true);
    expect(kept.parentElement?.textContent).toContain('not in this workspace');
    act(() => kept.click());
    act(() => saveButton(host).click());
    expect(saved).toEqual([]);
    expect(host.querySelector('.notify-picker [role="alert"]')?.textContent).toMatch(/\S/);
  });

  it('picks a channel by its name on the relay, and keeps one the relay no longer has or cannot tell', () => {
    const { host, saved } = mount({
      channels: [
        { id: 'sales-ops', kind: 'slack', name: '#sales-ops' },
        { id: 'hook', kind: 'webhook', name: 'CRM hook' },
      ],
    });
    const box = (key: string) =>
      host.querySelector(`input[name="escalation.1.notify.${key}"]`) as HTMLInputElement | null;
    expect(box('channel:sales-ops')?.parentElement?.textContent).toBe('#sales-ops (Slack)');
    act(() => box('channel:sales-ops')?.click());
    act(() => saveButton(host).click());
    expect((saved[0] as ResponseRule).escalation[1]?.notify).toContainEqual({
      kind: 'channel',
      channelId: 'sales-ops',
      name: '#sales-ops',
    });

    document.body.innerHTML = '';
    const named: ResponseRule = {
      ...rule,
      escalation: [
        { atPercent: 100, notify: [{ kind: 'channel', channelId: 'old-room', name: '#old-room' }] },
      ],
    };
    const removed = mount({ rule: named, channels: [] }).host;
    const kept = removed.querySelector(
      'input[name="escalation.0.notify.channel:old-room"]',
    ) as HTMLInputElement;
    expect(kept.checked).toBe(true);
    expect(kept.parentElement?.textContent).toBe('#old-room (no longer on the relay)');
    document.body.innerHTML = '';
    const offline = mount({ rule: named, channels: null }).host;
    expect(
      offline.querySelector('input[name="escalation.0.notify.channel:old-room"]')?.parentElement?.textContent,
    ).toBe('#old-room');
  });

  it('says whether events recorded late count at the time they claim or when the relay received them', () => {
    const { host, saved } = mount();
    const late = host.querySelector('select[name="lateEventsCountAt"]') as HTMLSelectElement;
    expect(late.value).toBe('claimed');
    act(() => {
      late.value = 'received';
      late.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => saveButton(host).click());
    expect((saved[0] as ResponseRule).lateEventsCountAt).toBe('received');
  });

  it('starts a rule on a stage the CRM shows, and asks for the stage by name', () => {
    const { host, saved } = mount();
    const starts = host.querySelector('select[name="trigger.kind"]') as HTMLSelectElement;
    expect(starts.value).toBe('button');
    act(() => {
      starts.value = 'stage';
      starts.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // No stage named yet: the field says so, and nothing can be saved.
    const stage = host.querySelector('input[name="trigger.value"]') as HTMLInputElement;
    expect(stage.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector(`#${stage.getAttribute('aria-describedby')}`)?.textContent).toBe('required');
    expect(saveButton(host).disabled).toBe(true);
    const field = host.querySelector('select[name="trigger.field"]') as HTMLSelectElement;
    act(() => {
      field.value = 'leadStatus';
      field.dispatchEvent(new Event('change', { bubbles: true }));
    });
    type(host.querySelector('input[name="trigger.value"]') as HTMLInputElement, 'Qualified');
    act(() => saveButton(host).click());
    expect((saved[0] as ResponseRule).trigger).toEqual({
      kind: 'stage',
      field: 'leadStatus',
      value: 'Qualified',
    });
  });

  it('starts a rule when the CRM shows an owner from a party, the receiving one first', () => {
    const { host, saved } = mount();
    const starts = host.querySelector('select[name="trigger.kind"]') as HTMLSelectElement;
    act(() => {
      starts.value = 'owner';
      starts.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const party = host.querySelector('select[name="trigger.partyId"]') as HTMLSelectElement;
    expect(party.value).toBe(rule.toPartyId);
    act(() => saveButton(host).click());
    expect((saved[0] as ResponseRule).trigger).toEqual({ kind: 'owner', partyId: rule.toPartyId });
  });

  it('offers no way to change anything to a viewer', () => {
    const { host } = mount({ isReadOnly: true });
    expect(saveButton(host)).toBeUndefined();
    const controls = [...host.querySelectorAll('input, select, textarea')] as HTMLInputElement[];
    expect(controls.length).toBeGreaterThan(5);
    expect(controls.every((control) => control.disabled)).toBe(true);
  });
});
