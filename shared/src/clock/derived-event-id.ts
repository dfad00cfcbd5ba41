/**
 * Ids of derived events that every writer derives alike for the same occasion, so a second write
 * of one is refused as a duplicate:
 * - a clock stopped by a response is judged once per stop event: `<handoff>:judged:<rule>:<stop id>`;
 * - a breach before any response is judged once per leg (a resetting reassignment starts a new leg):
 *   `<handoff>:judged:<rule>:<leg start>:breached`;
 * - a rung of the escalation ladder is escalated once per leg: `<handoff>:escalated:<rule>:<leg start>:<percent>`.
 * Ids longer than the entity id limit are replaced by a digest of the readable form.
 */

const maxIdLength = 128;

/** Two 32-bit FNV-1a passes with different offsets: a stable short id when the readable one is too long. */
function digest(text: string): string {
  const pass = (offset: number) => {
    let hash = offset;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return pass(0x811c9dc5) + pass(0x050c5d1f);
}

function derivedId(kind: 'judged' | 'escalated', readable: string): string {
  return readable.length <= maxIdLength ? readable : `${kind}:${digest(readable)}`;
}

export function judgedEventId(handoffId: string, ruleId: string, occasion: string): string {
  return derivedId('judged', `${handoffId}:judged:${ruleId}:${occasion}`);
}

export function escalatedEventId(
  handoffId: string,
  ruleId: string,
  legStartedAtMs: number,
  atPercent: number,
): string {
  return derivedId('escalated', `${handoffId}:escalated:${ruleId}:${legStartedAtMs}:${atPercent}`);
}
