import { comparableName, isMemberNamed, type Member } from '../agreement/party.js';
import type { ResponseRule } from '../agreement/rule.js';
import type { Activity, ActivityKind } from '../handoff/activity.js';
import { type Handoff, type HandoffEvent, type LeadRef, leadKey } from '../handoff/handoff.js';
import { stableHash } from '../handoff/stable-hash.js';
import type { FactLead, ImportFact, ImportSource, TimedFact } from './export-reader.js';

/**
 * What the facts of CRM exports become in the handoff log, exactly as the live log would have them:
 *
 * - An owner change from a member of one party to a member of another is a handoff, under the
 *   response rule for that pair of parties (or the rule whose trigger is "owner becomes a member of
 *   the receiving party"); a stage or status change to a rule's trigger value is a handoff under
 *   that rule. The clock starts at the CRM's time of the change.
 * - While a handoff is the lead's latest: a completed call, email or meeting by the receiving party
 *   is its first touch (the first one) and an activity; a status that says the lead was accepted,
 *   rejected or contacted is that event; an owner change within the receiving party is a
 *   reassignment.
 * - Every completed call, email or meeting is an activity of its rep, handoff or not.
 *
 * Every entry says it was imported (file, row, the CRM's person) and is written by the person
 * importing. Ids derive from what a row says (record, time, change), never from the file or row
 * number, so importing one file twice, or two exports that overlap, writes each entry once.
 * Anything read that becomes nothing says why, per row; owners the directory does not know are
 * listed, never dropped silently.
 */

/** A CRM person's party, and member when the directory knows them. */
export interface OwnerEntry {
  readonly partyId: string;
  readonly userId?: string;
}

/**
 * A CRM name's party and member: the directory's member known by that name (display name or the CRM
 * names on their card), with the party a person importing gave for the name (`owners.csv`, keyed by
 * `comparableName`) when the directory has none for them.
 */
export function directoryOwnerOf(
  members: readonly Member[],
  owners: ReadonlyMap<string, OwnerEntry> = new Map(),
): (crmName: string) => OwnerEntry | undefined {
  return (name) => {
    const given = owners.get(comparableName(name));
    const member = members.find((candidate) => isMemberNamed(candidate, name));
    const partyId = member?.partyId ?? given?.partyId;
    if (partyId === undefined) return undefined;
    return { partyId, ...(member === undefined ? {} : { userId: member.userId }) };
  };
}

export interface PlanContext {
  /** The party (and member) of a name the CRM writes, or undefined when nobody is known by it. */
  readonly ownerOf: (crmName: string) => OwnerEntry | undefined;
  /**
   * The agreement's response rules. Undefined for a check without an agreement: then every owner
   * change across parties counts as a handoff, and stage triggers are not known.
   */
  readonly rules?: readonly ResponseRule[];
  /** Given, entries are built to be written: the agreement, and who is importing. */
  readonly writer?: {
    readonly agreementId: string;
    readonly importerUserId: string;
    /** The import run the entries belong to, which an undo names. */
    readonly importId?: string;
  };
}

export interface PlanSkip extends ImportSource {
  readonly reason: string;
}

export interface ImportPlan {
  readonly handoffs: readonly Handoff[];
  readonly events: readonly HandoffEvent[];
  readonly activities: readonly Activity[];
  /** Owner changes across parties, by `from->to` party ids. */
  readonly ownerChanges: Readonly<Record<string, number>>;
  readonly handoffCount: number;
  /** The first touch of each lead's handoff, by the lead's CRM id. */
  readonly firstTouches: Readonly<Record<string, number>>;
  /** Completed activities as the CRM names their reps. */
  readonly activityFacts: readonly {
    readonly rep: string;
    readonly kind: ActivityKind;
    readonly atMs: number;
  }[];
  readonly eventCounts: Readonly<Record<string, number>>;
  readonly unknownOwners: readonly { readonly name: string; readonly rows: number }[];
  readonly skipped: readonly PlanSkip[];
  /** Facts read more than once (the same row in two overlapping exports), kept once. */
  readonly duplicates: number;
}

interface OpenHandoff {
  readonly id: string;
  readonly toPartyId: string;
  toUserId?: string;
  readonly startedAtMs: number;
  hasFirstTouch: boolean;
  hasAccepted: boolean;
  hasRejected: boolean;
}

/** Fact order within a lead: by time, then owner before stage before activity, then by row. */
const kindOrder = { owner: 0, stage: 1, activity: 2 } as const;

const acceptedStatus = /^(?:accepted|sales accepted(?: lead)?|sal)$/;
const rejectedStatus = /unqualified|disqualified|not converted|rejected|bad timing|recycled?/;
const contactedStatus = /^(?!.*\bnot\b).*(?:contacted|attempted|connected|working|in progress)/;

/** The event a status or stage name means, when it means one. */
export function statusEvent(status: string): 'accepted' | 'rejected' | 'first_touch' | undefined {
  const words = comparableName(status).replace(/[_-]+/g, ' ');
  if (acceptedStatus.test(words)) return 'accepted';
  if (rejectedStatus.test(words)) return 'rejected';
  if (contactedStatus.test(words)) return 'first_touch';
  return undefined;
}

export function planImport(facts: readonly ImportFact[], context: PlanContext): ImportPlan {
  const builder = new PlanBuilder(context);
  const byLead = new Map<string, TimedFact[]>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const fact of facts) {
    if (fact.kind === 'record') {
      builder.noteRecord(fact.lead, fact.displayName);
      continue;
    }
    const key = factKey(fact);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const lead = leadKey(fact.lead);
    const list = byLead.get(lead);
    if (list) list.push(fact);
    else byLead.set(lead, [fact]);
  }
  for (const list of byLead.values()) {
    list.sort(
      (a, b) =>
        a.atMs - b.atMs ||
        kindOrder[a.kind] - kindOrder[b.kind] ||
        a.source.file.localeCompare(b.source.file) ||
        a.source.row - b.source.row,
    );
    builder.walkLead(list);
  }
  return builder.result(duplicates);
}

/** What a fact says, without where it was read: the same change in two files is one fact. */
function factKey(fact: TimedFact): string {
  const lead = leadKey(fact.lead);
  switch (fact.kind) {
    case 'owner':
      return `owner|${lead}|${fact.atMs}|${fact.from ?? ''}|${fact.to}`;
    case 'stage':
      return `stage|${lead}|${fact.atMs}|${fact.field}|${fact.to}`;
    case 'activity':
      return `activity|${lead}|${fact.atMs}|${fact.activity}|${fact.by}`;
  }
}

function importedId(kind: string, key: string): string {
  return `imp-${kind}-${stableHash(key)}`;
}

class PlanBuilder {
  readonly handoffs: Handoff[] = [];
  readonly events: HandoffEvent[] = [];
  readonly activities: Activity[] = [];
  readonly ownerChanges: Record<string, number> = {};
  readonly firstTouches: Record<string, number> = {};
  readonly activityFacts: { rep: string; kind: ActivityKind; atMs: number }[] = [];
  readonly eventCounts: Record<string, number> = {};
  readonly unknown = new Map<string, number>();
  readonly skipped: PlanSkip[] = [];
  readonly names = new Map<string, string>();
  handoffCount = 0;

  /** Entries are built only under an agreement's rules: a handoff needs its rule. */
  private readonly writer: PlanContext['writer'];

  constructor(private readonly context: PlanContext) {
    this.writer = context.rules === undefined ? undefined : context.writer;
  }

  /** The run's id, as it goes into each entry's `imported`. */
  private get run(): { importId?: string } {
    const importId = this.writer?.importId;
    return importId === undefined ? {} : { importId };
  }

  noteRecord(lead: FactLead, displayName: string | undefined): void {
    if (displayName !== undefined) this.names.set(leadKey(lead), displayName);
  }

  walkLead(facts: readonly TimedFact[]): void {
    let owner: string | undefined;
    let open: OpenHandoff | undefined;
    for (const fact of facts) {
      if (fact.kind === 'owner') {
        open = this.ownerChange(fact, owner, open) ?? open;
        owner = fact.to;
      } else if (fact.kind === 'stage') {
        open = this.stageChange(fact, owner, open) ?? open;
      } else {
        this.activity(fact, open);
      }
    }
  }

  result(duplicates: number): ImportPlan {
    return {
      handoffs: this.handoffs,
      events: this.events,
      activities: this.activities,
      ownerChanges: this.ownerChanges,
      handoffCount: this.handoffCount,
      firstTouches: this.firstTouches,
      activityFacts: this.activityFacts,
      eventCounts: this.eventCounts,
      unknownOwners: [...this.unknown]
        .map(([name, rows]) => ({ name, rows }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      skipped: this.skipped,
      duplicates,
    };
  }

  private known(name: string, fact: TimedFact): OwnerEntry | undefined {
    const entry = this.context.ownerOf(name);
    if (entry === undefined) {
      this.unknown.set(name, (this.unknown.get(name) ?? 0) + 1);
      this.skip(fact, `nobody in the directory is "${name}" in the CRM`);
    }
    return entry;
  }

  private skip(fact: TimedFact, reason: string): void {
    this.skipped.push({ ...fact.source, reason });
  }

  private ownerChange(
    fact: Extract<TimedFact, { kind: 'owner' }>,
    previous: string | undefined,
    open: OpenHandoff | undefined,
  ): OpenHandoff | undefined {
    const to = this.known(fact.to, fact);
    if (to === undefined) return undefined;
    const fromName = fact.from ?? previous;
    const from = fromName === undefined ? undefined : this.known(fromName, fact);
    if (fromName !== undefined && from === undefined) return undefined;
    if (from !== undefined && from.partyId === to.partyId) {
      if (open !== undefined && open.toPartyId === to.partyId && to.userId !== open.toUserId) {
        this.event(fact, open, {
          type: 'reassigned',
          toPartyId: to.partyId,
          ...(to.userId === undefined ? {} : { toUserId: to.userId }),
        });
        if (to.userId !== undefined) open.toUserId = to.userId;
        return undefined;
      }
      this.skip(fact, `the owner changed within ${to.partyId}`);
      return undefined;
    }
    if (from !== undefined) {
      const pair = `${from.partyId}->${to.partyId}`;
      this.ownerChanges[pair] = (this.ownerChanges[pair] ?? 0) + 1;
    }
    const rules = this.context.rules;
    if (rules === undefined) {
      if (from === undefined) {
        this.skip(fact, 'an owner assigned with no earlier owner known');
        return undefined;
      }
      return this.handoff(fact, undefined, from.partyId, to, `owner=${fact.to}`);
    }
    const rule = rules.find(
      (candidate) =>
        candidate.toPartyId === to.partyId &&
        (candidate.trigger?.kind === 'owner'
          ? candidate.trigger.partyId === to.partyId
          : candidate.trigger?.kind !== 'stage' && candidate.fromPartyId === from?.partyId),
    );
    if (rule === undefined) {
      this.skip(
        fact,
        from === undefined
          ? `no response rule starts when ${to.partyId} is assigned a lead`
          : `no response rule hands leads from ${from.partyId} to ${to.partyId}`,
      );
      return undefined;
    }
    return this.handoff(fact, rule, rule.fromPartyId, to, `owner=${fact.to}`);
  }

  private stageChange(
    fact: Extract<TimedFact, { kind: 'stage' }>,
    owner: string | undefined,
    open: OpenHandoff | undefined,
  ): OpenHandoff | undefined {
    const rule = this.context.rules?.find(
      (candidate) =>
        candidate.trigger?.kind === 'stage' &&
        candidate.trigger.field === fact.field &&
        comparableName(candidate.trigger.value) === comparableName(fact.to),
    );
    if (rule !== undefined) {
      const ownerEntry = owner === undefined ? undefined : this.context.ownerOf(owner);
      const to = ownerEntry?.partyId === rule.toPartyId ? ownerEntry : { partyId: rule.toPartyId };
      return this.handoff(fact, rule, rule.fromPartyId, to, `${fact.field}=${comparableName(fact.to)}`);
    }
    const meaning = statusEvent(fact.to);
    if (meaning === undefined) {
      this.skip(fact, `the ${fact.field === 'leadStatus' ? 'status' : 'stage'} "${fact.to}" means no event`);
      return undefined;
    }
    if (open === undefined || fact.atMs < open.startedAtMs) {
      this.skip(fact, `"${fact.to}" with no handoff open on the lead`);
      return undefined;
    }
    if (meaning === 'accepted' && !open.hasAccepted) {
      open.hasAccepted = true;
      this.event(fact, open, { type: 'accepted' });
    } else if (meaning === 'rejected' && !open.hasRejected) {
      open.hasRejected = true;
      this.event(fact, open, {
        type: 'rejected',
        reason: `${fact.field === 'leadStatus' ? 'Lead status' : 'Stage'}: ${fact.to}`.slice(0, 500),
      });
    } else if (meaning === 'first_touch' && !open.hasFirstTouch) {
      this.firstTouch(fact, open);
    } else {
      this.skip(fact, `the handoff already has its ${meaning.replace('_', ' ')}`);
    }
    return undefined;
  }

  private activity(fact: Extract<TimedFact, { kind: 'activity' }>, open: OpenHandoff | undefined): void {
    this.activityFacts.push({ rep: fact.by, kind: fact.activity, atMs: fact.atMs });
    const rep = this.known(fact.by, fact);
    if (rep === undefined) return;
    const isReceiver =
      open !== undefined &&
      !open.hasFirstTouch &&
      fact.atMs >= open.startedAtMs &&
      (open.toUserId === undefined ? rep.partyId === open.toPartyId : rep.userId === open.toUserId);
    if (isReceiver && open !== undefined) this.firstTouch(fact, open, fact.activity);
    const writer = this.writer;
    if (writer === undefined) return;
    if (rep.userId === undefined) {
      this.skip(fact, `"${fact.by}" is in ${rep.partyId} but no member of the directory`);
      return;
    }
    this.activities.push({
      id: importedId('activity', factKey(fact)),
      kind: fact.activity,
      lead: this.leadRef(fact.lead),
      atMs: fact.atMs,
      byUserId: writer.importerUserId,
      ...(open === undefined ? {} : { handoffId: open.id }),
      imported: { ...fact.source, by: fact.by, byUserId: rep.userId, ...this.run },
    });
  }

  private firstTouch(fact: TimedFact, open: OpenHandoff, channel?: ActivityKind): void {
    open.hasFirstTouch = true;
    this.firstTouches[fact.lead.recordId] ??= fact.atMs;
    this.event(fact, open, { type: 'first_touch', ...(channel === undefined ? {} : { channel }) });
  }

  private handoff(
    fact: TimedFact,
    rule: ResponseRule | undefined,
    fromPartyId: string,
    to: OwnerEntry,
    change: string,
  ): OpenHandoff {
    this.handoffCount++;
    const id = importedId('handoff', `${leadKey(fact.lead)}|${rule?.id ?? ''}|${change}|${fact.atMs}`);
    const writer = this.writer;
    if (writer !== undefined && rule !== undefined) {
      this.handoffs.push({
        id,
        agreementId: writer.agreementId,
        rules: [{ ruleId: rule.id, ruleVersion: rule.version }],
        lead: this.leadRef(fact.lead),
        fromPartyId,
        fromUserId: writer.importerUserId,
        toPartyId: to.partyId,
        ...(to.userId === undefined ? {} : { toUserId: to.userId }),
        checklist: [],
        startedAtMs: fact.atMs,
        source: 'import',
        startedAtSource: 'crm',
        imported: {
          ...fact.source,
          ...('by' in fact && fact.by !== undefined ? { by: fact.by } : {}),
          ...this.run,
        },
      });
    }
    return {
      id,
      toPartyId: to.partyId,
      ...(to.userId === undefined ? {} : { toUserId: to.userId }),
      startedAtMs: fact.atMs,
      hasFirstTouch: false,
      hasAccepted: false,
      hasRejected: false,
    };
  }

  private event(fact: TimedFact, open: OpenHandoff, body: EventBody): void {
    this.eventCounts[body.type] = (this.eventCounts[body.type] ?? 0) + 1;
    const writer = this.writer;
    if (writer === undefined) return;
    const by = 'by' in fact ? fact.by : undefined;
    const byUserId = by === undefined ? undefined : this.context.ownerOf(by)?.userId;
    this.events.push({
      ...body,
      id: importedId('event', `${open.id}|${body.type}|${factKey(fact)}`),
      handoffId: open.id,
      atMs: fact.atMs,
      byUserId: writer.importerUserId,
      imported: {
        ...fact.source,
        ...(by === undefined ? {} : { by }),
        ...(byUserId === undefined ? {} : { byUserId }),
        ...this.run,
      },
    } as HandoffEvent);
  }

  private leadRef(lead: FactLead): LeadRef {
    return { ...lead, displayName: (this.names.get(leadKey(lead)) ?? lead.recordId).slice(0, 300) };
  }
}

type EventBody =
  | { type: 'accepted' }
  | { type: 'first_touch'; channel?: string }
  | { type: 'rejected'; reason: string }
  | { type: 'reassigned'; toUserId?: string; toPartyId?: string };
