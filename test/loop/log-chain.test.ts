// The chain's hashes are SHA-256 from node:crypto here, as the relay and the CLI compute them.
import { createHash } from 'node:crypto';
import { type ChainedEntry, canonicalJson, chainInput, verifyChain } from '@pactline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Entries linked as the relay links them, in order, from `atMs`. */
function linked(
  entries: { key: string; entry: unknown; receivedAtMs?: number }[],
  atMs = 1_000,
): ChainedEntry[] {
  let previous = '';
  return entries.map((item, index) => {
    const hash = sha256Hex(chainInput(previous, item.key, item.entry, item.receivedAtMs));
    const link = { seq: index + 1, prev: previous, hash, atMs: atMs + index };
    previous = hash;
    return { ...item, link };
  });
}

const events = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    key: `events/e${index}`,
    entry: { id: `e${index}`, handoffId: 'h1', type: 'accepted', atMs: 500 + index, byUserId: 'sam' },
    receivedAtMs: 2_000 + index,
  }));

describe('canonicalJson', () => {
  it('is one text per value: keys sorted at every level, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[2,{"e":0,"f":1}]},"b":1}',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('verifyChain', () => {
  it('verifies a chain in any order, and says since when it vouches for the log', async () => {
    const chain = linked(events(5));
    const verdict = await verifyChain([...chain].reverse(), sha256Hex);
    expect(verdict).toEqual({ isVerified: true, linked: 5, unlinked: 0, chainedSinceMs: 1_000, breaks: [] });
  });

  it('names an entry changed since it was linked, a time of receipt moved, and nothing else', async () => {
    const chain = linked(events(5));
    const tampered = chain.map((item, index) =>
      index === 2
        ? { ...item, entry: { ...(item.entry as object), atMs: 1 } }
        : index === 3
          ? { ...item, receivedAtMs: 1 }
          : item,
    );
    const verdict = await verifyChain(tampered, sha256Hex);
    expect(verdict.isVerified).toBe(false);
    expect(verdict.breaks.map((each) => each.message)).toEqual([
      'events/e2 (entry 3 of the chain) is not what was linked: changed since',
      'events/e3 (entry 4 of the chain) is not what was linked: changed since',
    ]);
  });

  it('names the entries taken out, one taken twice, and one received after the chain began unlinked', async () => {
    const chain = linked(events(6));
    const verdict = await verifyChain(
      [
        ...chain.filter((_, index) => index !== 1 && index !== 2),
        { ...(chain[4] as ChainedEntry), key: 'events/copy' },
        { key: 'events/late', entry: {}, receivedAtMs: 5_000 },
        // From before the chain began: not a break.
        { key: 'events/old', entry: {}, receivedAtMs: 10 },
      ],
      sha256Hex,
    );
    expect(verdict.breaks.map((each) => each.message)).toEqual([
      'entry 2 of the chain is missing',
      'entry 3 of the chain is missing',
      'place 5 of the chain is taken twice (events/copy)',
      'events/late was received after the chain began and is not linked',
    ]);
    expect(verdict).toMatchObject({ linked: 5, unlinked: 2 });
  });

  it('names a link rebuilt to follow another entry than the one before it', async () => {
    const chain = linked(events(3));
    const [first, , third] = chain as [ChainedEntry & { link: { hash: string } }, ChainedEntry, ChainedEntry];
    // Entry 2 re-linked after entry 1's predecessor, with a hash that matches its new link.
    const second = chain[1] as ChainedEntry;
    const prev = '';
    const forged = {
      ...second,
      link: {
        seq: 2,
        prev,
        hash: sha256Hex(chainInput(prev, second.key, second.entry, second.receivedAtMs)),
        atMs: 1_001,
      },
    };
    const verdict = await verifyChain([first, forged, third], sha256Hex);
    expect(verdict.breaks.map((each) => each.message)).toEqual([
      'events/e1 (entry 2 of the chain) does not follow entry 1',
      'events/e2 (entry 3 of the chain) does not follow entry 2',
    ]);
  });

  it('verifies with an asynchronous digest, as Web Crypto is', async () => {
    const verdict = await verifyChain(linked(events(3)), async (text) => sha256Hex(text));
    expect(verdict.isVerified).toBe(true);
  });
});
