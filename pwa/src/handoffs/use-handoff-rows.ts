import type { AgreementTerms } from '@pactline/shared';
import { readAgreement, readHandoffLog, recentMonths } from '@pactline/shared/doc';
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { observeDoc } from '../doc/observe-doc';
import type { RoomConnection } from '../sync/open-room';
import { useDirectory } from '../sync/use-directory';
import { useWorkspace } from '../sync/workspace';
import { HandoffRowIndex } from './handoff-query';
import { projectHandoff } from './handoff-row';
import { HandoffStore } from './handoff-store';

function digestOf(doc: Y.Doc): string {
  const vector = Y.encodeStateVector(doc);
  let binary = '';
  for (const byte of vector) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A short fingerprint of the agreements' terms, so a changed rule or calendar re-projects the rows. */
export function termsFingerprint(terms: ReadonlyMap<string, AgreementTerms>): string {
  const text = JSON.stringify([...terms.entries()].sort(([a], [b]) => a.localeCompare(b)));
  let hash = 5381;
  for (let index = 0; index < text.length; index++) hash = ((hash * 33) ^ text.charCodeAt(index)) >>> 0;
  return hash.toString(36);
}

/**
 * Projects one month's document into the store when it, or the agreements' terms, changed; returns
 * true if it wrote. The clocks come from the calendar engine, loaded only for this.
 */
export async function projectMonth(
  store: HandoffStore,
  month: string,
  doc: Y.Doc,
  terms: ReadonlyMap<string, AgreementTerms>,
  nowMs = Date.now(),
): Promise<boolean> {
  const digest = `${digestOf(doc)}|${termsFingerprint(terms)}`;
  if ((await store.digestOf(month)) === digest) return false;
  const { handoffs } = readHandoffLog(doc);
  const clocks = terms.size > 0 ? (await import('./row-clock')).rowClocks(handoffs, terms, nowMs) : new Map();
  await store.putMonth(
    month,
    digest,
    handoffs.map((handoff) =>
      projectHandoff(
        handoff,
        clocks.get(handoff.id),
        (partyId) => terms.get(handoff.agreementId)?.parties.find((party) => party.id === partyId)?.name,
      ),
    ),
  );
  return true;
}

/**
 * The log's rows of the last `monthCount` months from the local index, kept current: each of those
 * months' documents is opened and re-projected as it changes (locally or from the relay), and so
 * is every month when an agreement's rules or calendars change.
 */
export function useHandoffRows(
  nowMs: number,
  monthCount = 3,
): {
  index: HandoffRowIndex;
  isLoaded: boolean;
  /** The terms of every agreement on the device, for naming rules and parties in the filters. */
  terms: ReadonlyMap<string, AgreementTerms>;
} {
  const workspace = useWorkspace();
  const { directory } = useDirectory();
  const store = useMemo(() => new HandoffStore(workspace.indexName), [workspace]);
  const [index, setIndex] = useState(() => new HandoffRowIndex([]));
  const [isLoaded, setIsLoaded] = useState(false);
  const [terms, setTerms] = useState<ReadonlyMap<string, AgreementTerms>>(() => new Map());
  const monthsKey = recentMonths(nowMs, monthCount).join(' ');
  const months = useMemo(() => monthsKey.split(' '), [monthsKey]);
  const agreementIdsKey = directory.agreements.map((agreement) => agreement.id).join(' ');

  useEffect(() => {
    let isCurrent = true;
    // Only the latest read is shown: reads started earlier saw older rows and may finish later.
    let reads = 0;
    const reload = async () => {
      const read = ++reads;
      const rows = await store.rowsOf(months);
      if (isCurrent && read === reads) {
        setIndex(new HandoffRowIndex(rows));
        setIsLoaded(true);
      }
    };
    void reload();
    const stops: (() => void)[] = [];
    const agreements = agreementIdsKey
      .split(' ')
      .filter(Boolean)
      .map((id) => workspace.acquire(workspace.agreementRoom(id)));
    const readTerms = () => {
      const terms = new Map<string, AgreementTerms>();
      for (const connection of agreements) {
        const agreement = readAgreement(connection.doc).agreement;
        if (agreement) terms.set(agreement.id, agreement.terms);
      }
      return terms;
    };
    const agreementsLoaded = Promise.all(agreements.map((connection) => connection.whenLoaded));
    const showTerms = () => {
      if (isCurrent) setTerms(readTerms());
    };
    void agreementsLoaded.then(showTerms);
    const monthConnections: RoomConnection[] = [];
    const schedules: (() => void)[] = [];
    for (const month of months) {
      const connection = workspace.acquire(workspace.handoffsRoom(month));
      monthConnections.push(connection);
      let timer: ReturnType<typeof setTimeout> | undefined;
      // One projection of a month at a time, each after the one before: two at once could finish
      // out of order, the one that read the older document (say, before the relay's sync) last,
      // and leave the index on it with nothing left to trigger another.
      let projecting: Promise<void> = Promise.resolve();
      const schedule = () => {
        // Coalesce a burst of updates (a sync brings many) into one projection.
        clearTimeout(timer);
        timer = setTimeout(() => {
          projecting = projecting.then(async () => {
            await agreementsLoaded;
            if (isCurrent && (await projectMonth(store, month, connection.doc, readTerms()))) await reload();
          });
        }, 50);
      };
      schedules.push(schedule);
      void connection.whenLoaded.then(schedule);
      stops.push(observeDoc(connection.doc, schedule), () => clearTimeout(timer));
    }
    for (const connection of agreements) {
      stops.push(
        observeDoc(connection.doc, () => {
          showTerms();
          for (const schedule of schedules) schedule();
        }),
      );
    }
    return () => {
      isCurrent = false;
      for (const stop of stops) stop();
      for (const connection of [...monthConnections, ...agreements]) workspace.release(connection.room);
    };
  }, [workspace, store, months, agreementIdsKey]);

  useEffect(() => () => store.close(), [store]);
  return { index, isLoaded, terms };
}
