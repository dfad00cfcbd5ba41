import {
  type Agreement,
  agreementStatusSchema,
  type SectionId,
  sectionIds,
  sectionTitles,
} from '@pactline/shared';
import {
  beginAgreementEdit,
  removeParty,
  removeRule,
  setAgreementStatus,
  setAgreementTitle,
  setReviewCadence,
  signAgreement,
  upsertCalendar,
  upsertChecklist,
  upsertParty,
  upsertRule,
  type WriteResult,
} from '@pactline/shared/doc';
import { lazy, Suspense } from 'preact/compat';
import { useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { localStoreName } from '../sync/local-store-name';
import type { RoomConnection } from '../sync/open-room';
import { useDirectory } from '../sync/use-directory';
import { useWorkspace } from '../sync/workspace';
import { ErrorBoundary } from '../ui/error-boundary';
import { type AgreementTab, hrefFor } from '../ui/route';
import { statusLabels } from './agreement-list';
import { CalendarEditor } from './calendar-editor';
import { ChecklistEditor } from './checklist-editor';
import { NewRule } from './new-rule';
import { PartyEditor } from './party-editor';
import { localDate } from './review-due';
import { ReviewDueNote } from './review-due-note';
import { RuleEditor } from './rule-editor';
import { SigningPanel } from './signing-panel';
import { useAgreement } from './use-agreement';
import { useChannelNames } from './use-channel-names';

const ProseEditor = lazy(() => import('./prose-editor').then((module) => ({ default: module.ProseEditor })));

const tabLabels: Record<AgreementTab, string> = {
  text: 'Text',
  parties: 'Parties',
  calendars: 'Calendars',
  rules: 'Rules',
  checklists: 'Checklists',
  signing: 'Signing',
};

const defaultReviewEveryDays = 90;

export function AgreementScreen({ agreementId, tab }: { agreementId: string; tab: AgreementTab }) {
  const { connection, isLoaded, read } = useAgreement(agreementId);
  if (!connection || !isLoaded || read === null) return <p class="screen muted">Opening the agreement…</p>;
  if (read.agreement === null) {
    return (
      <section class="screen">
        <h1>Agreement</h1>
        <p class="warning" role="status">
          {read.problems.length === 0
            ? 'This agreement is not on this device yet; it appears as soon as it syncs.'
            : `This agreement cannot be read: ${read.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`}
        </p>
      </section>
    );
  }
  return (
    <AgreementView
      connection={connection}
      agreement={read.agreement}
      problems={read.problems}
      tab={tab}
      documentReadOnlyReason={
        read.isReadOnly ? (read.readOnlyReason ?? 'written by a newer version of Pactline') : null
      }
    />
  );
}

function AgreementView({
  connection,
  agreement,
  problems,
  tab,
  documentReadOnlyReason,
}: {
  connection: RoomConnection;
  agreement: Agreement;
  problems: { path: string; message: string }[];
  tab: AgreementTab;
  documentReadOnlyReason: string | null;
}) {
  const workspace = useWorkspace();
  const { directory } = useDirectory();
  const isReadOnly = workspace.isReadOnly || documentReadOnlyReason !== null;
  const channelNames = useChannelNames(workspace, tab === 'rules' && !isReadOnly);
  const doc = connection.doc;
  const { parties, calendars, rules, checklists } = agreement.terms;

  return (
    <section class="screen agreement" aria-labelledby="agreement-title">
      <AgreementHeader agreement={agreement} isReadOnly={isReadOnly} doc={doc} />
      {documentReadOnlyReason !== null && (
        <p class="notice" role="note">
          Read-only on this device: {documentReadOnlyReason}. Update the app to edit it.
        </p>
      )}
      {workspace.isReadOnly && (
        <p class="notice" role="note">
          You are a viewer: everything is read-only.
        </p>
      )}
      {problems.length > 0 && (
        <p class="warning" role="status">
          Skipped {problems.length} unreadable part{problems.length === 1 ? '' : 's'}:{' '}
          {problems.map((problem) => problem.path).join(', ')}
        </p>
      )}
      <nav class="tabs" aria-label="Agreement parts">
        {(Object.keys(tabLabels) as AgreementTab[]).map((item) => (
          <a
            key={item}
            href={hrefFor({ screen: 'agreement', agreementId: agreement.id, tab: item })}
            aria-current={item === tab ? 'page' : undefined}
          >
            {tabLabels[item]}
          </a>
        ))}
      </nav>
      {tab === 'text' && (
        <Suspense fallback={<p class="muted">Loading the editor…</p>}>
          {sectionIds.map((sectionId: SectionId) => (
            <section class="card section" key={sectionId} aria-labelledby={`section-${sectionId}`}>
              <h2 id={`section-${sectionId}`}>{sectionTitles[sectionId]}</h2>
              <ErrorBoundary what={`The ${sectionTitles[sectionId]} section`}>
                <ProseEditor
                  doc={doc}
                  awareness={connection.awareness}
                  sectionId={sectionId}
                  title={sectionTitles[sectionId]}
                  isReadOnly={isReadOnly}
                  onBeginEdit={() => beginAgreementEdit(doc)}
                  copyKey={localStoreName(connection.room, workspace.localScope)}
                  signed={signedTextOf(agreement, sectionId)}
                />
              </ErrorBoundary>
            </section>
          ))}
        </Suspense>
      )}
      {tab === 'parties' &&
        parties.map((party) => (
          <PartyEditor
            key={party.id}
            party={party}
            isReadOnly={isReadOnly}
            onSave={(next) => upsertParty(doc, next)}
            onRemove={parties.length > 2 ? () => removeParty(doc, party.id) : undefined}
          />
        ))}
      {tab === 'parties' && !isReadOnly && (
        <button
          type="button"
          class="ghost"
          onClick={() =>
            upsertParty(doc, {
              id: `party-${parties.length + 1}-${Date.now().toString(36)}`,
              name: 'Customer success',
              role: 'customer_success',
              contact: { name: 'Customer success manager' },
            })
          }
        >
          Add a party
        </button>
      )}
      {tab === 'calendars' &&
        calendars.map((calendar) => (
          <CalendarEditor
            key={calendar.id}
            calendar={calendar}
            isReadOnly={isReadOnly}
            onSave={(next) => upsertCalendar(doc, next)}
          />
        ))}
      {tab === 'rules' && (
        <>
          {rules.map((rule) => (
            <RuleEditor
              key={rule.id}
              rule={rule}
              parties={parties}
              calendars={calendars}
              members={directory.members}
              channels={channelNames}
              isReadOnly={isReadOnly}
              onSave={(next) => upsertRule(doc, next)}
              onRemove={() => removeRule(doc, rule.id)}
            />
          ))}
          {!isReadOnly && <NewRule agreement={agreement} onCreate={(rule) => upsertRule(doc, rule)} />}
        </>
      )}
      {tab === 'checklists' &&
        checklists.map((checklist) => (
          <ChecklistEditor
            key={checklist.id}
            checklist={checklist}
            parties={parties}
            isReadOnly={isReadOnly}
            onSave={(next) => upsertChecklist(doc, next)}
          />
        ))}
      {tab === 'signing' && (
        <SigningPanel
          agreement={agreement}
          userId={workspace.userId}
          userName={workspace.userName}
          isReadOnly={isReadOnly}
          nowMs={Date.now}
          onSign={(partyId, signedAtMs) =>
            signAgreement(doc, {
              partyId,
              userId: workspace.userId,
              signerName: workspace.userName,
              signedAtMs,
              version: agreement.version,
            })
          }
        />
      )}
    </section>
  );
}

function AgreementHeader({
  agreement,
  isReadOnly,
  doc,
}: {
  agreement: Agreement;
  isReadOnly: boolean;
  doc: Y.Doc;
}) {
  const [error, setError] = useState<string | null>(null);
  const apply = (result: WriteResult) => setError(result.ok ? null : result.message);
  // No stored review shows as no date: a made-up date would read as a review someone planned.
  const review = agreement.review ?? null;
  const everyDays = review?.everyDays ?? defaultReviewEveryDays;
  return (
    <header class="agreement-head">
      {isReadOnly ? (
        <h1 id="agreement-title">{agreement.title}</h1>
      ) : (
        <h1 id="agreement-title">
          {/* A textarea, so a long title wraps on a phone instead of being cut; Enter ends the edit. */}
          <textarea
            class="title-input"
            rows={1}
            aria-label="Agreement title"
            value={agreement.title}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              event.currentTarget.blur();
            }}
            onChange={(event) =>
              apply(setAgreementTitle(doc, event.currentTarget.value.replace(/\s+/g, ' ').trim()))
            }
          />
        </h1>
      )}
      <div class="row meta">
        <label>
          Status{' '}
          <select
            name="status"
            value={agreement.status}
            disabled={isReadOnly}
            onChange={(event) =>
              apply(setAgreementStatus(doc, event.currentTarget.value as Agreement['status']))
            }
          >
            {agreementStatusSchema.options.map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
          </select>
        </label>
        <span class="pill">Version {agreement.version}</span>
        <label>
          Review every{' '}
          <input
            type="number"
            name="reviewEveryDays"
            min={1}
            class="narrow"
            value={everyDays}
            disabled={isReadOnly}
            onChange={(event) => {
              const days = Number(event.currentTarget.value);
              const nextReviewDate = review?.nextReviewDate ?? localDate(Date.now() + days * 86_400_000);
              apply(setReviewCadence(doc, { everyDays: days, nextReviewDate }));
            }}
          />{' '}
          days
        </label>
        <label>
          Next review{' '}
          <input
            type="date"
            name="nextReviewDate"
            value={review?.nextReviewDate ?? ''}
            disabled={isReadOnly}
            onChange={(event) => {
              const nextReviewDate = event.currentTarget.value;
              if (nextReviewDate !== '') apply(setReviewCadence(doc, { everyDays, nextReviewDate }));
            }}
          />
        </label>
        {review ? (
          <ReviewDueNote nextReviewDate={review.nextReviewDate} />
        ) : (
          <span class="muted" data-review-due="unset">
            No review date set
          </span>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}

/** The section's text in the latest signed version, if there is one. */
function signedTextOf(
  agreement: Agreement,
  sectionId: SectionId,
): { version: number; text: string } | undefined {
  const latest = agreement.signedVersions.reduce<Agreement['signedVersions'][number] | undefined>(
    (best, candidate) => (best === undefined || candidate.version > best.version ? candidate : best),
    undefined,
  );
  const text = latest?.sections[sectionId];
  return latest === undefined || text === undefined ? undefined : { version: latest.version, text };
}
