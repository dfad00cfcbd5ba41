import { describe, expect, it } from 'vitest';
import { PendingConnections } from './pending-connections.js';

describe('PendingConnections', () => {
  it('admits up to the limit per IP, independently per IP, and frees a slot once on release', () => {
    const pending = new PendingConnections(2);
    const first = pending.admit('10.0.0.1');
    const second = pending.admit('10.0.0.1');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(pending.admit('10.0.0.1')).toBeNull();
    expect(pending.admit('10.0.0.2')).not.toBeNull();
    first?.();
    first?.();
    expect(pending.total).toBe(2);
    expect(pending.admit('10.0.0.1')).not.toBeNull();
    expect(pending.admit('10.0.0.1')).toBeNull();
  });
});
