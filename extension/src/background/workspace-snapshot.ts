import type {
  Activity,
  AgreementStatus,
  AgreementTerms,
  HandoffWithEvents,
  Member,
  Role,
} from '@pactline/shared';

/** The plain, validated data the background works from, as read from the workspace's documents. */
export interface AgreementEntry {
  id: string;
  title: string;
  status: AgreementStatus;
  terms: AgreementTerms;
}

export interface WorkspaceSnapshot {
  agreements: readonly AgreementEntry[];
  members: readonly Member[];
  handoffs: readonly HandoffWithEvents[];
  /** The calls, emails and meetings logged in the recent months' logs. */
  activities: readonly Activity[];
}

/** Who is using the extension, from the relay token (or a local identity without one). */
export interface Viewer {
  userId: string;
  role: Role;
}

/** The agreement new handoffs run under: the active one, else the newest that is not cancelled. */
export function currentAgreement(snapshot: WorkspaceSnapshot): AgreementEntry | undefined {
  return (
    snapshot.agreements.find((agreement) => agreement.status === 'active') ??
    snapshot.agreements.filter((agreement) => agreement.status !== 'cancelled').at(-1)
  );
}

export function partyOf(snapshot: WorkspaceSnapshot, userId: string): string | undefined {
  return snapshot.members.find((member) => member.userId === userId)?.partyId;
}

export function displayNameOf(snapshot: WorkspaceSnapshot, userId: string): string {
  return snapshot.members.find((member) => member.userId === userId)?.displayName ?? userId;
}
