import type { WxtBrowser } from 'wxt/browser';
import { alarmPrefix, crossedKeys, dueNotices, upcomingAlarms } from './alarm-plan.js';
import { nearBreachCount, ownOpenClocks } from './own-clocks.js';
import type { Viewer, WorkspaceSnapshot } from './workspace-snapshot.js';

/** Threshold keys already announced, kept across worker restarts; bounded so it cannot grow forever. */
const notifiedKey = 'local:notified-thresholds';
const maxNotifiedKeys = 2000;

export interface AttentionDeps {
  browser: WxtBrowser;
  getItem: (key: 'local:notified-thresholds') => Promise<string[] | null>;
  setItem: (key: 'local:notified-thresholds', value: string[]) => Promise<void>;
}

/**
 * Brings the toolbar badge, the threshold alarms and the notifications in line with the viewer's
 * clocks. Runs after every document change and on every alarm, so a worker woken by an alarm
 * announces what came due while it slept, once.
 */
export async function refreshAttention(
  snapshot: WorkspaceSnapshot,
  viewer: Viewer,
  nowMs: number,
  deps: AttentionDeps,
): Promise<void> {
  const { browser } = deps;
  const clocks = ownOpenClocks(snapshot, viewer, nowMs);
  const count = nearBreachCount(clocks);
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
  const isBreached = clocks.some((clock) => clock.result.state === 'breached');
  await browser.action.setBadgeBackgroundColor({ color: isBreached ? '#b91c1c' : '#b45309' });

  const wanted = upcomingAlarms(clocks, nowMs);
  const existing = (await browser.alarms.getAll()).filter((alarm) => alarm.name.startsWith(alarmPrefix));
  const wantedNames = new Set(wanted.map((alarm) => alarm.name));
  for (const alarm of existing) if (!wantedNames.has(alarm.name)) await browser.alarms.clear(alarm.name);
  for (const alarm of wanted) {
    const current = existing.find((candidate) => candidate.name === alarm.name);
    if (current?.scheduledTime !== alarm.whenMs)
      await browser.alarms.create(alarm.name, { when: Math.max(alarm.whenMs, nowMs + 1000) });
  }

  const notified = new Set((await deps.getItem(notifiedKey)) ?? []);
  const notices = dueNotices(clocks, notified);
  for (const notice of notices) {
    await browser.notifications.create(`pactline|${notice.key}|${notice.url}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notice.title,
      message: notice.message,
      priority: 2,
    });
  }
  const crossed = crossedKeys(clocks).filter((key) => !notified.has(key));
  if (crossed.length > 0) await deps.setItem(notifiedKey, [...notified, ...crossed].slice(-maxNotifiedKeys));
}

/** The record URL a notification points at. */
export function urlOfNotification(notificationId: string): string | null {
  const [prefix, , ...rest] = notificationId.split('|');
  return prefix === 'pactline' && rest.length > 0 ? rest.join('|') : null;
}
