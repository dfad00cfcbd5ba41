// @vitest-environment happy-dom
import { type ComponentChildren, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './error-boundary';

let shouldThrow = true;
function Fragile() {
  if (shouldThrow) throw new Error('the rules could not be read');
  return <p>rules shown</p>;
}

/** Renders `tree` into a fresh element, with the boundary's console report silenced. */
function mount(tree: ComponentChildren): HTMLElement {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  shouldThrow = true;
  const host = document.createElement('div');
  document.body.append(host);
  act(() => render(tree, host));
  return host;
}

describe('the error boundary around screens and sections', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });

  it('shows what failed in its place, leaves the rest of the page, and tries again on request', () => {
    const host = mount(
      <div>
        <nav>navigation stays</nav>
        <ErrorBoundary what="The Goals section">
          <Fragile />
        </ErrorBoundary>
        <ErrorBoundary what="This screen" isScreen>
          <p>another part stays</p>
        </ErrorBoundary>
      </div>,
    );
    expect(host.textContent).toContain('navigation stays');
    expect(host.textContent).toContain('another part stays');
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe(
      'The Goals section could not be shown: the rules could not be read. Nothing on this device was changed.',
    );
    expect(console.error).toHaveBeenCalled();

    shouldThrow = false;
    const retry = [...host.querySelectorAll('button')].find((button) => button.textContent === 'Try again');
    act(() => retry?.click());
    expect(host.querySelector('[role="alert"]')).toBeNull();
    expect(host.textContent).toContain('rules shown');
  });

  it('gives a failed screen a heading of its own', () => {
    const host = mount(
      <ErrorBoundary what="This screen" isScreen>
        <Fragile />
      </ErrorBoundary>,
    );
    expect(host.querySelector('[data-failed-screen] h1')?.textContent).toBe('Something went wrong');
  });
});
