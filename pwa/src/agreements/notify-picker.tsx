import type { EscalationTarget, Member, Party } from '@pactline/shared';
import { GroupIssues } from '../ui/fields';
import type { FieldIssues } from '../ui/validation';

/**
 * Whom one rung of the escalation ladder notifies, picked from lists: the handoff's receiver or
 * sender, everyone in a party, or named people from the workspace's members. A target the lists
 * do not hold (a member since removed) stays listed and ticked under its id, so saving the rule
 * never drops it silently.
 */

type Choice = { key: string; label: string; target: EscalationTarget };

export function targetKey(target: EscalationTarget): string {
  switch (target.kind) {
    case 'party':
      return `party:${target.partyId}`;
    case 'user':
      return `user:${target.userId}`;
    default:
      return target.kind;
  }
}

export function notifyChoices(
  parties: readonly Party[],
  members: readonly Member[],
  chosen: readonly EscalationTarget[],
): { roles: Choice[]; teams: Choice[]; people: Choice[] } {
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
  const known = new Set([...roles, ...teams, ...people].map((choice) => choice.key));
  for (const target of chosen) {
    const key = targetKey(target);
    if (known.has(key)) continue;
    known.add(key);
    const choice = { key, label: `${key} (not in this workspace)`, target };
    (target.kind === 'user' ? people : teams).push(choice);
  }
  return { roles, teams, people };
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
  issues: FieldIssues;
  disabled: boolean;
}) {
  const { roles, teams, people } = notifyChoices(props.parties, props.members, props.value);
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
      <GroupIssues issues={props.issues} path={props.path} />
    </fieldset>
  );
}
