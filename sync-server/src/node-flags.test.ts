import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactingCollector } from './memory-release.js';
import { missingNodeFlags, relayNodeFlags } from './node-flags.js';

describe('the node flags the relay runs with', () => {
  it('are all in the package start script', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: { start: string };
    };
    const startFlags = manifest.scripts.start.split(' ').filter((word) => word.startsWith('--'));
    expect(startFlags).toEqual([...relayNodeFlags]);
  });

  it('are reported when missing', () => {
    expect(missingNodeFlags([...relayNodeFlags, '--inspect'])).toEqual([]);
    expect(missingNodeFlags(['--max-semi-space-size=4'])).toEqual(['--expose-gc']);
  });
});

describe('the compacting collector', () => {
  it('is absent without --expose-gc, and otherwise runs the collection and passes its failure on', () => {
    expect(compactingCollector(undefined)).toBeNull();
    let calls = 0;
    compactingCollector(() => {
      calls++;
    })?.();
    expect(calls).toBe(1);
    const failing = compactingCollector(() => {
      throw new Error('collection failed');
    });
    expect(() => failing?.()).toThrow('collection failed');
  });
});
