import { averageWrapUpSeconds, type Counters } from '@switchboard/core';

/**
 * The agent-tools figures of the period's conversations (docs/metrics.md),
 * from the same summed counters as the rest of the summary (rollups and cut
 * hours, rollup-read.ts): satisfaction ratings recorded on them (csatSum,
 * csatN), and wrap-up time (close → wrap-up end: wrapUpMs, wrapUpN) apart
 * from conversation time (averageHandleSeconds, answer → close).
 */
export function agentToolFigures(c: Counters) {
  return {
    csat: { responses: c.csatN, average: c.csatN === 0 ? null : Math.round((c.csatSum / c.csatN) * 100) / 100 },
    averageWrapUpSeconds: averageWrapUpSeconds(c),
  };
}
