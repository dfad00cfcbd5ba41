import type { AgreementStatus } from '@pactline/shared';
import { readDirectory } from '@pactline/shared/doc';
import { observeDoc } from '../doc/observe-doc';
import { useRoom, useSubscribed, useWorkspace } from '../sync/workspace';
import { hrefFor } from '../ui/route';
import { ReviewDueNote } from './review-due-note';

export const statusLabels: Record<AgreementStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  under_review: 'Under review',
  cancelled: 'Cancelled',
};

export function AgreementList() {
  const workspace = useWorkspace();
  const { connection, isLoaded } = useRoom(workspace.directoryRoom());
  const list = useSubscribed(
    () => (connection && isLoaded ? readDirectory(connection.doc) : { agreements: [], problems: [] }),
    (listener) => (connection ? observeDoc(connection.doc, listener) : () => {}),
    [connection, isLoaded],
  );
  return (
    <section class="screen" aria-labelledby="agreements-title">
      <div class="screen-head">
        <h1 id="agreements-title">Agreements</h1>
        {!workspace.isReadOnly && (
          <a class="button primary" href={hrefFor({ screen: 'new-agreement' })}>
            New agreement
          </a>
        )}
      </div>
      {isLoaded && list.agreements.length === 0 && (
        <p class="empty">No agreements yet. {workspace.isReadOnly ? '' : 'Start one from the template.'}</p>
      )}
      <ul class="cards" aria-label="Agreements">
        {list.agreements.map((agreement) => (
          <li key={agreement.id} class="card agreement-card">
            <a href={hrefFor({ screen: 'agreement', agreementId: agreement.id, tab: 'text' })}>
              <strong>{agreement.title}</strong>
            </a>
            <span class={`pill status-${agreement.status}`}>{statusLabels[agreement.status]}</span>
            {agreement.nextReviewDate && <span class="muted">Next review {agreement.nextReviewDate}</span>}
            {agreement.nextReviewDate && <ReviewDueNote nextReviewDate={agreement.nextReviewDate} />}
          </li>
        ))}
      </ul>
      {list.problems.length > 0 && (
        <p class="warning" role="status">
          {list.problems.length} directory entr{list.problems.length === 1 ? 'y' : 'ies'} could not be read
          and
          {list.problems.length === 1 ? ' is' : ' are'} hidden.
        </p>
      )}
    </section>
  );
}
