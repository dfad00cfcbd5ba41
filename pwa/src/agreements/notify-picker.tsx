import type { EscalationTarget, Member, Party } from '@pactline/shared';
import type { ChannelName } from '../settings/relay-admin';
import { GroupIssues } from '../ui/fields';
import type { FieldIssues } from '../ui/validation';

/**
 * Whom one rung of the escalation ladder notifies, picked from lists: the handoff's receiver or
 * sender, everyone in a party, named people from the workspace's members, or a channel the relay
 * keeps (by name; `channels` is null while the relay cannot be asked). A target the lists do not
 * hold (a member since removed) stays listed and ticked under its id, or a channel under the name
 * it was picked by, so saving the rule never drops it silently.
 */

type Choice = { key: string; label: string; target: EscalationTarget };

export function targetKey(target: EscalationTarget): string {
  switch (target.kind) {
    case 'party':
      return `party:${target.partyId}`;
    case 'user':
      return `user:${target.userId}`;
    case 'channel':
      return `channel:${target.channelId}`;
    default:
      return target.kind;
  }
}

const channelKindNames: Record<ChannelName['kind'], string> = {
  slack: 'Slack',
  teams: 'Teams',
  webhook: 'webhook',
};

export function notifyChoices(
  parties: readonly Party[],
  members: readonly Member[],
  chosen: readonly EscalationTarget[],
  channels: readonly ChannelName[] | null = [],
): { roles: Choice[]; teams: Choice[]; people: Choice[]; channels: Choice[] } {
  const roles: Choice[] = [
    { key: 'receiver', label: 'The receiver', target: { kind: 'receiver' } },
    { key: 'sender', label: 'The sender', target: { kind: 'sender' } },
  ];
  const teams: Choice[] = parties.map((party) => ({
    key: `party:${party.id}`,
    label: `Everyone in ${party.name}`,
    target: { kind: 'party', partyId: party.id },
  }));
  const people: Choice[] = members.map((member) => ({
    key: `user:${member.userId}`,
    label: member.displayName,
    target: { kind: 'user', userId: member.userId },
  }));
  const channelChoices: Choice[] = (channels ?? []).map((channel) => ({
    key: `channel:${channel.id}`,
    label: `${channel.name} (${channelKindNames[channel.kind]})`,
    target: { kind: 'channel', channelId: channel.id, name: channel.name },
  }));
  const known = new Set([...roles, ...teams, ...people, ...channelChoices].map((choice) => choice.key));
  for (const target of chosen) {
    const key = targetKey(target);
    if (known.has(key)) continue;
    known.add(key);
    if (target.kind === 'channel') {
      // Unknown to a relay that answered: removed there. Unasked (offline): listed as picked.
      const label = channels === null ? target.name : `${target.name} (no longer on the relay)`;
      channelChoices.push({ key, label, target });
      continue;
    }
    const choice = { key, label: `${key} (not in this workspace)`, target };
    (target.kind === 'user' ? people : teams).push(choice);
  }
  return { roles, teams, people, channels: channelChoices };
}

/** Ticks or unticks one target, keeping the others in the order they were chosen. */
export function toggleTarget(
  chosen: readonly EscalationTarget[],
  target: EscalationTarget,
  isOn: boolean,
): EscalationTarget[] {
  const key = targetKey(target);
  const others = chosen.filter((each) => targetKey(each) !== key);
  return isOn ? [...others, target] : others;
}

export function NotifyPicker(props: {
  legend: string;
  path: string;
  name: string;
  value: readonly EscalationTarget[];
  onChange: (value: EscalationTarget[]) => void;
  parties: readonly Party[];
  members: readonly Member[];
  /** The relay's channels by name; null while they cannot be fetched. */
  channels: readonly ChannelName[] | null;
  issues: FieldIssues;
  disabled: boolean;
}) {
  const { roles, teams, people, channels } = notifyChoices(
    props.parties,
    props.members,
    props.value,
    props.channels,
  );
  const chosen = new Set(props.value.map(targetKey));
  const box = (choice: Choice) => (
    <label class="checkbox" key={choice.key}>
      <input
        type="checkbox"
        name={`${props.name}.${choice.key}`}
        checked={chosen.has(choice.key)}
        disabled={props.disabled}
        onChange={(event) =>
          props.onChange(toggleTarget(props.value, choice.target, event.currentTarget.checked))
        }
      />
      {choice.label}
    </label>
  );
  const chosenPeople = people.filter((choice) => chosen.has(choice.key)).length;
  return (
    <fieldset class="notify-picker">
      <legend>{props.legend}</legend>
      <div class="choices">
        {roles.map(box)}
        {teams.map(box)}
      </div>
      {people.length > 0 && (
        <details open={chosenPeople > 0}>
          <summary>People{chosenPeople > 0 ? ` (${chosenPeople} chosen)` : ''}</summary>
          <div class="choices">{people.map(box)}</div>
        </details>
      )}
      {channels.length > 0 && (
        <fieldset class="choices channel-choices">
          <legend>Channels</legend>
          {channels.map(box)}
        </fieldset>
      )}
      <GroupIssues issues={props.issues} path={props.path} />
    </fieldset>
  );
}
