/**
 * Entries the relay received long after the time they claim. Offline work is legitimate: a rep's
 * calls logged on a train reach the relay when the laptop is back online, and they happened when
 * they say. A backdated first touch is not. The relay stamps when it first received each entry
 * (`receivedAtMs`); an entry that reached it more than `lateAfterMs` after the time it claims is
 * "recorded late", shown as such in the log and its CSV, and each response rule says whether its
 * clock takes such events at the time they claim or at the time the relay received them.
 */

/** An hour: a device offline for a meeting or a train ride syncs well within it. */
export const lateAfterMs = 60 * 60_000;

/**
 * How long after `claimedAtMs` the relay received the entry, when that is more than `lateAfterMs`;
 * null when it was on time, when the time of receipt is not known (not synced yet, or recorded
 * before the relay stamped entries), or when the entry was imported from a CRM export: history is
 * imported after the fact by nature, and says so itself.
 */
export function recordedLateByMs(
  claimedAtMs: number,
  receivedAtMs: number | undefined,
  imported?: unknown,
): number | null {
  if (receivedAtMs === undefined || imported !== undefined) return null;
  const lateByMs = receivedAtMs - claimedAtMs;
  return lateByMs > lateAfterMs ? lateByMs : null;
}
