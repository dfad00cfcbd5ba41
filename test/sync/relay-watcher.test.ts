import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { clockUserId, type HandoffEvent, judgementDue } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  initAgreement,
  readAgreement,
  readHandoffLog,
  upsertDirectoryAgreement,
} from '@pactline/shared/doc';
import { testHandoff } from '@pactline/shared/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { notificationsFor } from '../../sync-server/src/notifications/notification-store.js';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

const dayMs = 24 * 60 * 60 * 1000;

describe('the relay watcher', () => {
  let relay: RunningRelay | undefined;
  const clients: ProviderClient[] = [];
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.kill('SIGKILL');
  });

  async function connect(running: RunningRelay, room: string): Promise<ProviderClient> {
    const client = connectProvider(
      running.url,
      room,
      await running.mintToken({ ws: 'acme', sub: 'mia', role: 'editor' }),
    );
    clients.push(client);
    await client.synced();
    return client;
  }

  it('records rungs and the breach with no client connected, once, across kill -9 and a writing extension', async () => {
    relay = await startRelay();
    const running = relay;
    // A handoff nobody touched for ten days: every rung and the breach are due.
    const startedAtMs = Date.now() - 10 * dayMs;
    const logRoom = handoffsRoomFor('acme', startedAtMs);
    const agreement = await connect(running, 'acme/agreement/main');
    const directory = await connect(running, 'acme/directory');
    const log = await connect(running, logRoom);
    initAgreement(agreement.doc, { id: 'main', title: 'SLA', createdAtMs: startedAtMs });
    const rule = readAgreement(agreement.doc).agreement?.terms.rules.find((r) => r.id === 'mql-response');
    if (rule?.kind !== 'response') throw new Error('template lost its MQL rule');
    const { events: _none, ...handoff } = testHandoff('maya', startedAtMs, {
      agreementId: 'main',
      fromUserId: 'mia',
    });
    expect(appendHandoff(log.doc, handoff).ok).toBe(true);
    upsertDirectoryAgreement(directory.doc, { id: 'main', title: 'SLA', status: 'active' });
    await waitFor(async () => (await running.stats()).roomsLoaded >= 3, { what: 'rooms loaded' });
    // Everyone leaves before the watcher has written anything they could see.
    for (const client of clients.splice(0)) client.destroy();
    await waitFor(
      async () => (await running.metric('pactline_relay_watcher_events_total', { type: 'judged' })) === 1,
      {
        what: 'the breach judged by the watcher',
      },
    );
    expect(await running.metric('pactline_relay_watcher_events_total', { type: 'escalated' })).toBe(
      rule.escalation.length,
    );

    // One pending notification per escalation and recipient, in the relay's own store: the
    // receiver (unassigned, so the SDR party) at 80 %, the SDR party and the sender at the breach.
    // The clock is judged: nothing left open, no timer armed for the workspace.
    expect(await running.metric('pactline_relay_watcher_open_clocks')).toBe(0);
    expect(await running.metric('pactline_relay_watcher_timers_armed')).toBe(0);
    const recordedNotifications = () => running.metric('pactline_relay_notifications_recorded');
    await waitFor(async () => (await recordedNotifications()) === 3, {
      what: 'three notifications recorded',
    });
    // No channel is set up (and these are ten days old): each is handed on, to nobody.
    await waitFor(async () => (await running.metric('pactline_relay_notifications_pending')) === 0, {
      what: 'notifications handed on',
    });

    await running.kill('SIGKILL');
    await running.restart();
    // It resumes watching the workspace before any client connects again.
    await waitFor(async () => (await running.stats()).roomsLoaded >= 3, {
      what: 'watcher reopening rooms',
    });
    expect(await recordedNotifications()).toBe(3);

    // The window a kill -9 can leave: the events stored, their records not (here: lost whole).
    // The next start records them again from the events, once.
    await running.kill('SIGKILL');
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(running.dataDir, `notifications.sqlite${suffix}`), { force: true });
    await running.restart();
    await waitFor(async () => (await recordedNotifications()) === 3, { what: 'notifications derived again' });

    const reader = await connect(running, logRoom);
    const events = readHandoffLog(reader.doc).handoffs[0]?.events ?? [];
    const handoffRead = readHandoffLog(reader.doc).handoffs[0];
    if (handoffRead === undefined) throw new Error('the handoff is gone');
    expect(
      events
        .filter((event) => event.type === 'escalated')
        .flatMap((event) => (event.type === 'escalated' ? notificationsFor('acme', handoffRead, event) : [])),
    ).toHaveLength(3);
    const judged = events.filter((event) => event.type === 'judged');
    expect(judged).toHaveLength(1);
    expect(judged[0]).toMatchObject({ outcome: 'breached', byUserId: clockUserId });
    expect(events.filter((event) => event.type === 'escalated')).toHaveLength(rule.escalation.length);

    // Anyone deriving the same breach again derives the identical entry: a duplicate, still one event.
    const calendar = readAgreement((await connect(running, 'acme/agreement/main')).doc).agreement?.terms
      .calendars[0];
    if (calendar === undefined) throw new Error('no calendar');
    const withoutJudged = { ...handoff, events: events.filter((event) => event.type !== 'judged') };
    const extensionsJudgement = judgementDue(rule, withoutJudged, calendar, Date.now()) as HandoffEvent;
    // The same content; when the relay received it is the log's, not part of the entry.
    const { receivedAtMs: _stamped, ...recorded } = judged[0] ?? {};
    expect(extensionsJudgement).toEqual(recorded);
    appendHandoffEvent(reader.doc, extensionsJudgement);
    const second = await connect(running, logRoom);
    const after = readHandoffLog(second.doc).handoffs[0]?.events ?? [];
    expect(after.filter((event) => event.type === 'judged')).toEqual(judged);
    expect(await running.metric('pactline_relay_watcher_events_total', { type: 'judged' })).toBe(0);
  });
});
