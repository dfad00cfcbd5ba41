import {
  type AgreementTerms,
  type CrmId,
  describeEscalation,
  type Handoff,
  type HandoffEvent,
  type Member,
} from '@pactline/shared';
import { formatDurationMs } from './format';

/**
 * How a person reads the ids a handoff carries: people by their display name, parties by their
 * team name, rules by their name and CRMs by their product name. An id nobody has named yet (a
 * member not in the directory, a rule since removed) is shown as it is rather than hidden.
 */
export type HandoffNames = {
  person(userId: string | null | undefined): string;
  party(partyId: string): string;
  rule(ruleId: string): string;
};

export const crmNames: Record<CrmId, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  zoho: 'Zoho CRM',
  dynamics: 'Dynamics 365',
  generic: 'the CRM',
};

/** The author of derived events: the relay's watcher and every editor's extension sign as it. */
const clockAuthor = 'pactline-clock';

/** Names from one agreement's terms, or from several (the log spans every agreement on the device). */
export function handoffNames(
  members: readonly Member[],
  terms: AgreementTerms | Iterable<AgreementTerms> | null,
): HandoffNames {
  const termsList = terms === null ? [] : Symbol.iterator in terms ? [...terms] : [terms];
  const people = new Map(members.map((member) => [member.userId, member.displayName]));
  const parties = new Map(termsList.flatMap((each) => each.parties.map((party) => [party.id, party.name])));
  const rules = new Map(termsList.flatMap((each) => each.rules.map((rule) => [rule.id, rule.name])));
  return {
    person: (userId) => (!userId ? '' : userId === clockAuthor ? 'Pactline' : (people.get(userId) ?? userId)),
    party: (partyId) => parties.get(partyId) ?? partyId,
    rule: (ruleId) => rules.get(ruleId) ?? ruleId,
  };
}

/** `handoff` names the sender and receiver an escalation reached. */
export function describeEvent(
  event: HandoffEvent,
  names: HandoffNames,
  handoff?: Pick<Handoff, 'fromUserId' | 'toUserId' | 'toPartyId'>,
): string {
  const by = names.person(event.byUserId);
  switch (event.type) {
    case 'accepted':
      return `Accepted by ${by}`;
    case 'first_touch':
      return `First touch by ${by}${event.channel ? ` (${event.channel})` : ''}`;
    case 'rejected':
      return `Rejected by ${by}: ${event.reason}`;
    case 'paused':
      return `Paused by ${by}: ${event.reason}`;
    case 'resumed':
      return `Resumed by ${by}`;
    case 'reassigned': {
      const to = event.toUserId
        ? names.person(event.toUserId)
        : event.toPartyId
          ? names.party(event.toPartyId)
          : '';
      return `Reassigned by ${by} to ${to || 'another owner'}`;
    }
    case 'escalated':
      return describeEscalation(event, handoff ?? { fromUserId: '', toPartyId: '' }, names);
    case 'judged': {
      const outcome = event.outcome === 'met' ? 'Met' : 'Breached';
      return `${outcome} ${names.rule(event.ruleId)} in ${formatDurationMs(event.elapsedMs)} of ${formatDurationMs(event.targetMs)} (rule version ${event.ruleVersion})`;
    }
  }
}
