// @vitest-environment happy-dom
import { type CalendarDefinition, templateTerms } from '@pactline/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { CalendarEditor } from './calendar-editor';

const calendar = templateTerms('Europe/Paris').calendars[0] as CalendarDefinition;

function mount() {
  const host = document.createElement('div');
  document.body.append(host);
  const saved: CalendarDefinition[] = [];
  act(() => {
    render(
      <CalendarEditor
        calendar={calendar}
        isReadOnly={false}
        onSave={(next) => {
          saved.push(next);
          return { ok: true };
        }}
      />,
      host,
    );
  });
  return { host, saved };
}

function button(host: HTMLElement, label: string): HTMLButtonElement {
  const found = [...host.querySelectorAll('button')].find(
    (item) => item.getAttribute('aria-label') === label || item.textContent === label,
  );
  if (!found) throw new Error(`no button ${label}`);
  return found as HTMLButtonElement;
}

function change(input: HTMLInputElement, value: string) {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function flush() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('calendar editor', () => {
  it('adds a split shift and saves both intervals', () => {
    const { host, saved } = mount();
    const monday = host.querySelector('input[aria-label="Monday shift 1 end"]') as HTMLInputElement;
    change(monday, '12:00');
    act(() => button(host, 'Add a shift on Monday').click());
    const secondStart = host.querySelector('input[aria-label="Monday shift 2 start"]') as HTMLInputElement;
    change(secondStart, '13:00');
    change(host.querySelector('input[aria-label="Monday shift 2 end"]') as HTMLInputElement, '18:00');
    act(() => button(host, 'Save calendar').click());
    expect(saved[0]?.week.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
  });

  it('explains overlapping shifts and will not save them', () => {
    const { host, saved } = mount();
    act(() => button(host, 'Add a shift on Tuesday').click());
    change(host.querySelector('input[aria-label="Tuesday shift 2 start"]') as HTMLInputElement, '16:00');
    expect(host.textContent).toContain('overlaps or precedes 09:00-17:00');
    expect(button(host, 'Save calendar').disabled).toBe(true);
    expect(saved).toEqual([]);
  });

  it('imports holidays from an ICS file and reports a file that is not one, losing nothing', async () => {
    const { host } = mount();
    const input = host.querySelector('input[type="file"]') as HTMLInputElement;
    const ics =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Noël\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    Object.defineProperty(input, 'files', { value: [new File([ics], 'fr.ics')], configurable: true });
    act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(host.querySelector('.holidays')?.textContent).toContain('2026-12-25');
    Object.defineProperty(input, 'files', {
      value: [new File(['just text'], 'notes.txt')],
      configurable: true,
    });
    act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(host.querySelector('[role="alert"]')?.textContent).toContain(
      'notes.txt: this file is not an iCalendar (.ics) file',
    );
    expect(host.querySelector('.holidays')?.textContent).toContain('2026-12-25');
  });

  it('imports the public holidays of a country', async () => {
    const { host } = mount();
    await act(async () => {
      button(host, 'Public holidays of a country…').click();
    });
    for (let attempt = 0; attempt < 100 && !host.querySelector('select[aria-label="Country"]'); attempt++)
      await flush();
    const country = host.querySelector('select[aria-label="Country"]') as HTMLSelectElement;
    act(() => {
      country.value = 'FR';
      country.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const year = new Date().getFullYear();
    await act(async () => {
      button(host, `Import ${year}–${year + 1}`).click();
    });
    for (
      let attempt = 0;
      attempt < 100 && !host.querySelector('.holidays')?.textContent?.includes('-07-14');
      attempt++
    )
      await flush();
    expect(host.querySelector('.holidays')?.textContent).toContain(`${year}-07-14`);
    expect(host.querySelector('.holidays')?.textContent).toContain(`${year + 1}-01-01`);
  });
});
