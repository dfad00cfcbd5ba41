import type { AgreementTerms } from '../agreement/agreement.js';
import { compareMembers, type Member } from '../agreement/party.js';
import type { ActivityRule } from '../agreement/rule.js';
import { type Activity, type ActivityKind, activityKindOf, creditedUserId } from '../handoff/activity.js';
import { elapsedShare, type Pace, paceOf } from './pacing.js';
import { periodBucketAt } from './period-bucket.js';
import type { VolumeProgressOptions } from './volume-progress.js';

/**
 * Progress of an activity goal ("50 calls per SDR per week") in the period containing `nowMs`:
 * each rep of the rule's party (the directory's members of that party) against the target, paced
 * across the period as volume goals are (`pacing.ts`), and the party as a whole against the target
 * times its reps. A rep who logged nothing is listed with zero: missing reps are the finding. An
 * activity counts when its kind is the goal's, its author a member of the party, and its time
 * within the period and not after `nowMs`. A goal whose words name no kind the overlay logs is not
 * measured (`kind: null`), never counted as zero.
 */

export interface RepActivityProgress extends Pace {
  readonly userId: string;
  readonly displayName: string;
  readonly count: number;
}

export interface ActivityProgress extends Pace {
  readonly ruleId: string;
  /** The kind counted; null when the goal's words name none the overlay logs. */
  readonly kind: ActivityKind | null;
  readonly periodKey: string;
  readonly periodStartMs: number;
  readonly periodEndMs: number;
  /** The target per rep. */
  readonly targetCount: number;
  /** Share of the period's business time elapsed, 0 to 1. */
  readonly elapsedFraction: number;
  /** Reps by display name then id. */
  readonly reps: readonly RepActivityProgress[];
  /** Every rep's activities together; the party's pace is against target × reps. */
  readonly count: number;
  readonly repsBehindCount: number;
}

/**
 * The business hours an activity goal's party works to, and so the calendar its pace is counted
 * in: the calendar of a response rule the party receives handoffs under, else the agreement's first.
 */
export function activityCalendar(terms: AgreementTerms, partyId: string) {
  const receiving = terms.rules.find((rule) => rule.kind === 'response' && rule.toPartyId === partyId);
  const calendarId = receiving?.kind === 'response' ? receiving.calendarId : undefined;
  return terms.calendars.find((calendar) => calendar.id === calendarId) ?? terms.calendars[0];
}

export function activityProgress(
  rule: ActivityRule,
  activities: readonly Activity[],
  members: readonly Member[],
  options: VolumeProgressOptions,
): ActivityProgress {
  const { nowMs, calendar } = options;
  const timeZone = calendar?.timeZone ?? options.timeZone ?? 'UTC';
  const bucket = periodBucketAt(nowMs, rule.period, timeZone);
  const untilMs = Math.min(nowMs, bucket.endMs);
  const elapsedFraction = elapsedShare(bucket.startMs, untilMs, bucket.endMs, calendar);
  const kind = activityKindOf(rule.activity) ?? null;
  const reps = members.filter((member) => member.partyId === rule.partyId).sort(compareMembers);
  const counts = new Map(reps.map((member) => [member.userId, 0]));
  if (kind !== null) {
    for (const activity of activities) {
      if (activity.kind !== kind || activity.atMs < bucket.startMs || activity.atMs > untilMs) continue;
      const rep = creditedUserId(activity);
      const count = counts.get(rep);
      if (count !== undefined) counts.set(rep, count + 1);
    }
  }
  const repProgress = reps.map((member) => {
    const count = counts.get(member.userId) ?? 0;
    return {
      userId: member.userId,
      displayName: member.displayName,
      count,
      ...paceOf(rule.targetCount, count, elapsedFraction),
    };
  });
  const count = repProgress.reduce((sum, rep) => sum + rep.count, 0);
  return {
    ruleId: rule.id,
    kind,
    periodKey: bucket.key,
    periodStartMs: bucket.startMs,
    periodEndMs: bucket.endMs,
    targetCount: rule.targetCount,
    elapsedFraction,
    reps: repProgress,
    count,
    repsBehindCount: repProgress.filter((rep) => !rep.isOnTrack).length,
    ...paceOf(rule.targetCount * reps.length, count, elapsedFraction),
  };
}
