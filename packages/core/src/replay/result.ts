import type { Occupancy, Outcomes } from './outcomes.ts';
import { Run } from './run.ts';
import type { ReplayResult } from './types.ts';

/**
 * The answer of a run: the recorded and the simulated figures side by side,
 * overall, per queue (requirement set) and per agent (occupancy), counted by
 * the same code on both runs (Run, outcomes.ts).
 */
export function replayResult(
  recorded: { outcomes: Outcomes; occupancy: Occupancy },
  simulated: Run,
  period: { from: number; to: number; end: number },
  how: { whatIf: boolean; inputs: number },
): ReplayResult {
  const { from, to, end } = period;
  const recordedQueues = recorded.outcomes.queues();
  const simulatedQueues = simulated.outcomes.queues();
  const groups = [...new Set([...recordedQueues.keys(), ...simulatedQueues.keys()])].sort();
  const empty = new Run(from, to, 0, 0).outcomes.figures();
  const recOcc = recorded.occupancy.result(end);
  const simOcc = simulated.occupancy.result(end);
  const agentIds = [...new Set([...recOcc.keys(), ...simOcc.keys()])].sort();
  return {
    from,
    to,
    whatIf: how.whatIf,
    recorded: recorded.outcomes.figures(),
    simulated: simulated.outcomes.figures(),
    queues: groups.map((g) => ({
      skills: g === '' ? [] : g.split(','),
      recorded: recordedQueues.get(g) ?? empty,
      simulated: simulatedQueues.get(g) ?? empty,
    })),
    agents: agentIds.map((agentId) => ({ agentId, recorded: recOcc.get(agentId) ?? null, simulated: simOcc.get(agentId) ?? null })),
    inputs: how.inputs,
    simulatedEvents: simulated.events,
  };
}
