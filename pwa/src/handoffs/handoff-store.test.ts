import 'fake-indexeddb/auto';
import { testHandoff } from '@pactline/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { projectHandoff } from './handoff-row';
import { HandoffStore } from './handoff-store';

const handoffAt = (id: string, startedAtMs: number) => testHandoff(id, startedAtMs, { agreementId: 'sla' });

describe('the local handoff index', () => {
  let store: HandoffStore;
  afterEach(() => store.close());

  it('gives the rows of the months asked for, and keeps other months indexed for later', async () => {
    store = new HandoffStore(`test-${Math.random()}`);
    const june = projectHandoff(handoffAt('june', Date.UTC(2026, 5, 10)));
    const october = [Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 31, 23)].map((atMs, index) =>
      projectHandoff(handoffAt(`october-${index}`, atMs)),
    );
    const november = projectHandoff(handoffAt('november', Date.UTC(2026, 10, 2)));
    await store.putMonth('2026-06', 'digest-june', [june]);
    await store.putMonth('2026-10', 'digest-october', october);
    await store.putMonth('2026-11', 'digest-november', [november]);

    const recent = await store.rowsOf(['2026-11', '2026-10', '2026-09']);
    expect(recent.map((row) => row.id).sort()).toEqual(['november', 'october-0', 'october-1']);
    expect((await store.rowsOf(['2026-06'])).map((row) => row.id)).toEqual(['june']);
    expect(await store.rowsOf([])).toEqual([]);
    expect(await store.monthsIndexed()).toEqual(['2026-06', '2026-10', '2026-11']);
  });

  it('replaces a month’s rows when it is projected again', async () => {
    store = new HandoffStore(`test-${Math.random()}`);
    await store.putMonth('2026-11', 'one', [projectHandoff(handoffAt('a', Date.UTC(2026, 10, 2)))]);
    await store.putMonth('2026-11', 'two', [projectHandoff(handoffAt('b', Date.UTC(2026, 10, 3)))]);
    expect((await store.rowsOf(['2026-11'])).map((row) => row.id)).toEqual(['b']);
    expect(await store.digestOf('2026-11')).toBe('two');
  });
});

describe('a handoff row', () => {
  it('says whether the handoff was handed off with the button or seen on the CRM page', () => {
    const pressed = handoffAt('pressed', Date.UTC(2026, 10, 2));
    const seen = {
      ...handoffAt('seen', Date.UTC(2026, 10, 2)),
      source: 'page' as const,
      startedAtSource: 'seen' as const,
    };
    expect(projectHandoff(pressed).startedBy).toBe('overlay');
    expect(projectHandoff(seen).startedBy).toBe('page');
  });
});
