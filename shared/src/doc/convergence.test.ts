import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type SectionId, sectionIds } from '../agreement/agreement.js';
import { templateTerms } from '../agreement/agreement-template.js';
import type { Handoff, HandoffEvent } from '../handoff/handoff.js';
import { appendHandoff, appendHandoffEvent, readHandoffLog } from './handoff-log.js';
import { readAgreement } from './read-agreement.js';
import { settleSignatures, signAgreement } from './sign-agreement.js';
import {
  beginAgreementEdit,
  initAgreement,
  removeParty,
  removeRule,
  replaceSectionText,
  setAgreementStatus,
  setAgreementTitle,
  upsertParty,
  upsertRule,
} from './write-agreement.js';

/**
 * CRDT convergence: random operations on 2-3 replicas, with updates exchanged partially and in
 * random order between them, must end in the same agreement and log on every replica once every
 * update has been delivered. Fixed seeds so a failure replays.
 */

const peerOrigin = Symbol('peer');

class Replica {
  readonly doc = new Y.Doc();
  readonly produced: Uint8Array[] = [];
  constructor(base?: Uint8Array) {
    if (base !== undefined) Y.applyUpdate(this.doc, base, peerOrigin);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== peerOrigin) this.produced.push(update);
    });
  }
}

function deliver(from: Replica, to: Replica, indexes: number[]) {
  for (const index of indexes) {
    const update = from.produced[index % Math.max(from.produced.length, 1)];
    if (update !== undefined) Y.applyUpdate(to.doc, update, peerOrigin);
  }
}

function deliverEverything(replicas: Replica[], order: number[]) {
  for (const to of replicas) {
    for (const from of replicas) {
      if (from === to) continue;
      // Every update, in a shuffled order: Yjs must hold early arrivals until their dependencies come.
      const indexes = from.produced.map((_, index) => index);
      indexes.sort(
        (a, b) =>
          ((a * 7919 + (order[a % order.length] ?? 0)) % 97) -
          ((b * 7919 + (order[b % order.length] ?? 0)) % 97),
      );
      deliver(from, to, indexes);
    }
  }
}

const replicaIndex = fc.integer({ min: 0, max: 2 });
const ruleIds = templateTerms().rules.map((rule) => rule.id);

const agreementOp = fc.oneof(
  fc.record({
    kind: fc.constant('title' as const),
    at: replicaIndex,
    title: fc.constantFrom('A', 'B', 'C SLA'),
  }),
  fc.record({
    kind: fc.constant('rule' as const),
    at: replicaIndex,
    ruleId: fc.constantFrom(...ruleIds),
    name: fc.constantFrom('Fast', 'Slow', 'Steady'),
  }),
  fc.record({
    kind: fc.constant('removeRule' as const),
    at: replicaIndex,
    ruleId: fc.constantFrom(...ruleIds),
  }),
  fc.record({
    kind: fc.constant('party' as const),
    at: replicaIndex,
    name: fc.constantFrom('CS', 'Success'),
  }),
  fc.record({ kind: fc.constant('removeParty' as const), at: replicaIndex }),
  fc.record({
    kind: fc.constant('prose' as const),
    at: replicaIndex,
    sectionId: fc.constantFrom<SectionId>(...sectionIds),
    text: fc.constantFrom('one', 'two\nlines', ''),
  }),
  fc.record({
    kind: fc.constant('sign' as const),
    at: replicaIndex,
    partyId: fc.constantFrom('marketing', 'sdr', 'ae', 'cs'),
  }),
  fc.record({ kind: fc.constant('edit' as const), at: replicaIndex }),
  fc.record({ kind: fc.constant('review' as const), at: replicaIndex }),
  fc.record({
    kind: fc.constant('sync' as const),
    from: replicaIndex,
    to: replicaIndex,
    picks: fc.array(fc.nat(50), { maxLength: 6 }),
  }),
);
type AgreementOp = typeof agreementOp extends fc.Arbitrary<infer T> ? T : never;

function applyAgreementOp(replicas: Replica[], op: AgreementOp, step: number) {
  if (op.kind === 'sync') {
    const from = replicas[op.from % replicas.length];
    const to = replicas[op.to % replicas.length];
    if (from !== undefined && to !== undefined && from !== to) deliver(from, to, op.picks);
    return;
  }
  const replica = replicas[op.at % replicas.length];
  if (replica === undefined) return;
  const doc = replica.doc;
  switch (op.kind) {
    case 'title':
      setAgreementTitle(doc, op.title);
      return;
    case 'rule': {
      const rule = readAgreement(doc).agreement?.terms.rules.find((candidate) => candidate.id === op.ruleId);
      const template = templateTerms().rules.find((candidate) => candidate.id === op.ruleId);
      const base = rule ?? template;
      if (base !== undefined) upsertRule(doc, { ...base, name: op.name });
      return;
    }
    case 'removeRule':
      removeRule(doc, op.ruleId);
      return;
    case 'party':
      upsertParty(doc, { id: 'cs', name: op.name, role: 'customer_success', contact: { name: 'CS lead' } });
      return;
    case 'removeParty':
      removeParty(doc, 'cs');
      return;
    case 'prose':
      replaceSectionText(doc, op.sectionId, op.text);
      return;
    case 'sign': {
      const version = readAgreement(doc).agreement?.version ?? 1;
      signAgreement(doc, {
        partyId: op.partyId,
        userId: `${op.partyId}-lead`,
        signerName: 'Lead',
        signedAtMs: 1_700_000_000_000 + step,
        version,
      });
      return;
    }
    case 'edit':
      beginAgreementEdit(doc);
      return;
    case 'review':
      setAgreementStatus(doc, 'under_review');
      return;
  }
}

describe('convergence of concurrent edits', () => {
  it('converges every agreement replica to the same agreement', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(agreementOp, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }),
        (count, ops, order) => {
          const origin = new Y.Doc();
          initAgreement(origin, { id: 'acme-sla', title: 'Acme SLA', createdAtMs: 1_700_000_000_000 });
          const base = Y.encodeStateAsUpdate(origin);
          const replicas = Array.from({ length: count }, () => new Replica(base));
          ops.forEach((op, step) => {
            applyAgreementOp(replicas, op, step);
          });
          deliverEverything(replicas, order);
          // Signatures completed across replicas are settled by whoever sees them next.
          for (const replica of replicas) settleSignatures(replica.doc);
          deliverEverything(replicas, order);
          const reads = replicas.map((replica) => readAgreement(replica.doc));
          for (const read of reads) {
            expect(read.problems).toEqual([]);
            expect(read).toEqual(reads[0]);
          }
          const states = replicas.map((replica) => Y.encodeStateVector(replica.doc));
          for (const state of states) expect(state).toEqual(states[0]);
        },
      ),
      { seed: 20261122, numRuns: 100 },
    );
  }, 60_000);

  it('converges every handoff log replica and loses no accepted append', () => {
    const logOp = fc.oneof(
      fc.record({ kind: fc.constant('handoff' as const), at: replicaIndex, offsetMs: fc.nat(100_000) }),
      fc.record({
        kind: fc.constant('event' as const),
        at: replicaIndex,
        handoffPick: fc.nat(20),
        offsetMs: fc.nat(3),
      }),
      fc.record({
        kind: fc.constant('sync' as const),
        from: replicaIndex,
        to: replicaIndex,
        picks: fc.array(fc.nat(50), { maxLength: 6 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(logOp, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }),
        (count, ops, order) => {
          const replicas = Array.from({ length: count }, () => new Replica());
          const accepted = { handoffs: new Set<string>(), events: new Set<string>() };
          ops.forEach((op, step) => {
            if (op.kind === 'sync') {
              const from = replicas[op.from % count];
              const to = replicas[op.to % count];
              if (from !== undefined && to !== undefined && from !== to) deliver(from, to, op.picks);
              return;
            }
            const replica = replicas[op.at % count];
            if (replica === undefined) return;
            if (op.kind === 'handoff') {
              const handoff: Handoff = {
                id: `h${op.at}-${step}`,
                agreementId: 'acme-sla',
                rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
                lead: {
                  crm: 'salesforce',
                  objectType: 'Lead',
                  recordId: `00Q${step}`,
                  url: `https://acme.lightning.force.com/lightning/r/Lead/00Q${step}/view`,
                  displayName: `Lead ${step}`,
                },
                fromPartyId: 'marketing',
                fromUserId: 'mia',
                toPartyId: 'sdr',
                checklist: [],
                startedAtMs: 1_700_000_000_000 + op.offsetMs,
              };
              if (appendHandoff(replica.doc, handoff).ok) accepted.handoffs.add(handoff.id);
              return;
            }
            const known = readHandoffLog(replica.doc).handoffs;
            const target = known[op.handoffPick % Math.max(known.length, 1)];
            const event: HandoffEvent = {
              id: `e${op.at}-${step}`,
              handoffId: target?.id ?? 'nowhere',
              atMs: (target?.startedAtMs ?? 0) + op.offsetMs,
              byUserId: 'sam',
              type: 'accepted',
            };
            const result = appendHandoffEvent(replica.doc, event);
            if (result.ok) accepted.events.add(event.id);
            else expect(result.code).toBe('unknown_handoff');
          });
          deliverEverything(replicas, order);
          const reads = replicas.map((replica) => readHandoffLog(replica.doc));
          for (const read of reads) {
            expect(read.problems).toEqual([]);
            expect(read).toEqual(reads[0]);
          }
          const handoffs = reads[0]?.handoffs ?? [];
          expect(new Set(handoffs.map((handoff) => handoff.id))).toEqual(accepted.handoffs);
          expect(new Set(handoffs.flatMap((handoff) => handoff.events.map((event) => event.id)))).toEqual(
            accepted.events,
          );
        },
      ),
      { seed: 1122, numRuns: 150 },
    );
  }, 60_000);
});
