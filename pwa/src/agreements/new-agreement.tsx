import { initAgreement, upsertDirectoryAgreement } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import { useWorkspace } from '../sync/workspace';
import { hrefFor } from '../ui/route';
import { TimeZonePicker } from './time-zone-picker';

export function newAgreementId(nowMs: number, random: () => number): string {
  return `a-${nowMs.toString(36)}-${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}

export function NewAgreement() {
  const workspace = useWorkspace();
  const [title, setTitle] = useState('Marketing, SDR and AE service level agreement');
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [error, setError] = useState<string | null>(null);
  const [isCreating, setIsCreating] = useState(false);

  if (workspace.isReadOnly) {
    return (
      <section class="screen">
        <h1>New agreement</h1>
        <p class="warning">A viewer cannot create agreements.</p>
      </section>
    );
  }

  const create = async (event: Event) => {
    event.preventDefault();
    if (!title.trim()) {
      setError('Give the agreement a title.');
      return;
    }
    setIsCreating(true);
    const nowMs = Date.now();
    const id = newAgreementId(nowMs, Math.random);
    const agreementRoom = workspace.agreementRoom(id);
    const directoryRoom = workspace.directoryRoom();
    const agreement = workspace.acquire(agreementRoom);
    const directory = workspace.acquire(directoryRoom);
    try {
      await Promise.all([agreement.whenLoaded, directory.whenLoaded]);
      const nextReviewDate = new Date(nowMs + 90 * 86_400_000).toISOString().slice(0, 10);
      const created = initAgreement(agreement.doc, {
        id,
        title: title.trim(),
        createdAtMs: nowMs,
        timeZone,
        review: { everyDays: 90, nextReviewDate },
      });
      if (!created.ok) throw new Error(created.message);
      const listed = upsertDirectoryAgreement(directory.doc, {
        id,
        title: title.trim(),
        status: 'draft',
        nextReviewDate,
      });
      if (!listed.ok) throw new Error(listed.message);
      window.location.hash = hrefFor({ screen: 'agreement', agreementId: id, tab: 'text' });
    } catch (cause) {
      setError(`Could not create the agreement: ${String(cause)}`);
    } finally {
      workspace.release(agreementRoom);
      workspace.release(directoryRoom);
      setIsCreating(false);
    }
  };

  return (
    <section class="screen" aria-labelledby="new-title">
      <h1 id="new-title">New agreement</h1>
      <form class="card form" onSubmit={create}>
        <p class="hint">
          Starts from the template: the nine sections, Marketing → SDR → AE, an office-hours calendar,
          response rules for hot and warm leads, a monthly MQL goal and an SQL handoff checklist.
        </p>
        <label>
          Title
          <input
            name="title"
            value={title}
            onInput={(event) => setTitle(event.currentTarget.value)}
            required
          />
        </label>
        <TimeZonePicker label="Time zone of the office calendar" value={timeZone} onChange={setTimeZone} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={isCreating}>
            Create from template
          </button>
        </div>
      </form>
    </section>
  );
}
