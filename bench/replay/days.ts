import { FactsRecorder, type DayFacts, type RecordedInput, type RoutingSnapshot } from '../../packages/core/src/index.ts';

/**
 * A recorded period as compaction stores it: each UTC day's inputs with the
 * reader facts written from the checkpoint before it. `asStored`: through
 * JSON, so the replay gets objects of its own, not the recorder's.
 */
export function compactedDays(inputs: RecordedInput[], asStored = false): Array<{ inputs: RecordedInput[]; facts: DayFacts }> {
  const days: Array<{ inputs: RecordedInput[]; facts: DayFacts }> = [];
  let checkpoint: RoutingSnapshot | null = null;
  for (let i = 0; i < inputs.length; ) {
    const dayEnd = Math.floor(inputs[i].at / 86_400_000) * 86_400_000 + 86_400_000;
    const recorder: FactsRecorder = new FactsRecorder(checkpoint);
    const list: RecordedInput[] = [];
    for (; i < inputs.length && inputs[i].at < dayEnd; i++) {
      recorder.feed(inputs[i]);
      list.push(inputs[i]);
    }
    const facts = recorder.take();
    days.push(asStored ? { inputs: JSON.parse(JSON.stringify(list)), facts: JSON.parse(JSON.stringify(facts)) } : { inputs: list, facts });
    checkpoint = recorder.snapshot();
  }
  return days;
}
