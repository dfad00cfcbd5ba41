// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsScreen } from './settings-screen';
import type { Settings } from './settings-store';

const nowMs = Date.UTC(2026, 10, 22, 9);
const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: unknown) => `${base64Url({ alg: 'HS256' })}.${base64Url(claims)}.sig`;

function mount(settings: Settings = { relayUrl: 'ws://127.0.0.1:1234', token: '' }) {
  const host = document.createElement('div');
  document.body.append(host);
  const saved: Settings[] = [];
  act(() =>
    render(<SettingsScreen settings={settings} nowMs={nowMs} onSave={(next) => saved.push(next)} />, host),
  );
  return { host, saved };
}

function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  act(() => {
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const claim = (host: HTMLElement, name: string) => host.querySelector(`[data-claim="${name}"]`)?.textContent;
const saveButton = (host: HTMLElement) => host.querySelector('button[type="submit"]') as HTMLButtonElement;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('settings screen', () => {
  it('shows the workspace, user, role and expiry a pasted token carries, and saves it', () => {
    const { host, saved } = mount();
    const exp = Math.floor(nowMs / 1000) + 86_400;
    type(
      host.querySelector('textarea[name="token"]') as HTMLTextAreaElement,
      ` ${token({ sub: 'vic', ws: 'acme', role: 'viewer', exp, name: 'Vic' })} `,
    );
    expect(claim(host, 'workspace')).toBe('acme');
    expect(claim(host, 'user')).toBe('Vic (vic)');
    expect(claim(host, 'role')).toBe('viewer (read-only)');
    expect(claim(host, 'expiry')).not.toContain('expired');
    act(() => {
      (host.querySelector('form') as HTMLFormElement).dispatchEvent(
        new Event('submit', { bubbles: true, cancelable: true }),
      );
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]?.token).toBe(token({ sub: 'vic', ws: 'acme', role: 'viewer', exp, name: 'Vic' }));
  });

  it('flags an expired token', () => {
    const { host } = mount();
    type(
      host.querySelector('textarea[name="token"]') as HTMLTextAreaElement,
      token({ sub: 'a', ws: 'w', role: 'editor', exp: 1000 }),
    );
    expect(claim(host, 'expiry')).toContain('expired: ask for a new token');
  });

  it('refuses text that is not a token or a relay URL that is not a websocket, keeping the saved settings', () => {
    const { host, saved } = mount({ relayUrl: 'wss://relay.example', token: '' });
    type(host.querySelector('textarea[name="token"]') as HTMLTextAreaElement, 'paste-error');
    const textarea = host.querySelector('textarea') as HTMLTextAreaElement;
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector(`[id="${textarea.getAttribute('aria-describedby')}"]`)?.textContent).toBe(
      'a token has three parts separated by dots',
    );
    expect(saveButton(host).disabled).toBe(true);
    type(host.querySelector('textarea[name="token"]') as HTMLTextAreaElement, '');
    type(host.querySelector('input[name="relayUrl"]') as HTMLInputElement, 'https://relay.example');
    expect(host.textContent).toContain('the relay URL starts with ws:// or wss://');
    expect(saveButton(host).disabled).toBe(true);
    act(() => {
      (host.querySelector('form') as HTMLFormElement).dispatchEvent(
        new Event('submit', { bubbles: true, cancelable: true }),
      );
    });
    expect(saved).toEqual([]);
  });
});
