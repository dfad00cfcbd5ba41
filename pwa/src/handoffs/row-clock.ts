import { type AgreementTerms, clockRecords, type HandoffWithEvents, responseTimeMs } from '@pactline/shared';
import type { RowClock } from './handoff-row';

/**
 * The clock of each handoff's first rule, for the log's rows: the business response time once it
 * stopped, and when it breaches while open. Loaded with the calendar engine only when the log is
 * projected. An agreement whose rules cannot be evaluated leaves its rows without clocks.
 */
export function rowClocks(
  handoffs: readonly HandoffWithEvents[],
  termsByAgreement: ReadonlyMap<string, AgreementTerms>,
  nowMs: number,
): Map<string, RowClock> {
  const out = new Map<string, RowClock>();
  const byAgreement = new Map<string, HandoffWithEvents[]>();
  for (const handoff of handoffs) {
    const group = byAgreement.get(handoff.agreementId);
    if (group) group.push(handoff);
    else byAgreement.set(handoff.agreementId, [handoff]);
  }
  for (const [agreementId, group] of byAgreement) {
    const terms = termsByAgreement.get(agreementId);
    if (!terms) continue;
    try {
      const { records } = clockRecords({
        handoffs: group,
        rules: terms.rules,
        calendars: terms.calendars,
        nowMs,
      });
      for (const record of records) {
        if (record.rule.id !== record.handoff.rules[0]?.ruleId) continue;
        const isRunning = record.clock.isOpen && record.clock.state !== 'paused';
        const { clock } = record;
        const hasOutcome =
          (clock.isJudged || clock.stopEvent !== null) &&
          (clock.state === 'met' || clock.state === 'breached');
        out.set(record.handoff.id, {
          responseMs: responseTimeMs(clock),
          breachAtMs: isRunning ? clock.breachAtMs : null,
          outcome: hasOutcome ? (clock.state as 'met' | 'breached') : null,
        });
      }
    } catch (error) {
      console.warn(`clocks of agreement ${agreementId} could not be computed: ${String(error)}`);
    }
  }
  return out;
}
