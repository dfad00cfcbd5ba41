// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { FunnelPlanner } from './funnel-planner';

afterEach(() => {
  document.body.innerHTML = '';
});

function mount() {
  const host = document.createElement('div');
  document.body.append(host);
  act(() => render(<FunnelPlanner qualificationRatePercent={50} />, host));
  return host;
}

function type(host: HTMLElement, name: string, value: string) {
  const input = host.querySelector(`input[name="${name}"]`) as HTMLInputElement;
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const value = (host: HTMLElement, name: string) => host.querySelector(`[data-value="${name}"]`)?.textContent;

describe('funnel planner', () => {
  it('starts from the seeds’ example: $5,000 at $100 and 50 % win rate needs 100 qualified leads', () => {
    const host = mount();
    expect(value(host, 'closes')).toBe('50');
    expect(value(host, 'sqls')).toBe('100');
    expect(value(host, 'mqls')).toBe('200');
  });

  it('recomputes as the target changes, rounding leads up', () => {
    const host = mount();
    type(host, 'revenueTarget', '12345');
    expect(value(host, 'closes')).toBe('124');
    expect(value(host, 'sqls')).toBe('248');
  });

  it('explains an impossible rate and recovers when it is fixed', () => {
    const host = mount();
    type(host, 'winRate', '0');
    expect(host.querySelector('[role="alert"]')?.textContent).toBe(
      'the win rate must be a percent above 0 and at most 100',
    );
    type(host, 'winRate', '25');
    expect(value(host, 'sqls')).toBe('200');
  });
});
