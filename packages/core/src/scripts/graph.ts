/** The step graph of a script: edges, reachability and cycles, for validation. */
import type { ScriptStep } from './types.ts';

export interface Edge {
  /** The field holding the target, e.g. "next", "onError", "cases[1].next". */
  field: string;
  target: string;
}

export function edgesOf(step: ScriptStep): Edge[] {
  const edges: Edge[] = [];
  const add = (field: string, target: unknown) => {
    if (typeof target === 'string') edges.push({ field, target });
  };
  switch (step.type) {
    case 'send':
    case 'set':
      add('next', step.next);
      break;
    case 'ask':
      add('next', step.next);
      add('onFail', step.onFail);
      if (step.input?.kind === 'choice' && Array.isArray(step.input.options)) {
        step.input.options.forEach((option, i) => add(`input.options[${i}].next`, option?.next));
      }
      break;
    case 'branch':
      (Array.isArray(step.cases) ? step.cases : []).forEach((c, i) => add(`cases[${i}].next`, c?.next));
      add('default', step.default);
      break;
    case 'http':
      add('next', step.next);
      add('onError', step.onError);
      break;
    case 'handoff':
    case 'end':
      break;
    default:
      assertNever(step);
  }
  return edges;
}

/** A step that ends the script by itself, or an ask without onFail (it hands off when the customer gives up). */
export function isTerminal(step: ScriptStep): boolean {
  return step.type === 'end' || step.type === 'handoff' || (step.type === 'ask' && step.onFail === undefined);
}

export function reachable(from: Iterable<string>, adjacency: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || !adjacency.has(id)) continue;
    seen.add(id);
    stack.push(...(adjacency.get(id) ?? []));
  }
  return seen;
}

export function reverse(adjacency: Map<string, string[]>): Map<string, string[]> {
  const reversed = new Map<string, string[]>([...adjacency.keys()].map((id) => [id, []]));
  for (const [from, targets] of adjacency) {
    for (const to of targets) reversed.get(to)?.push(from);
  }
  return reversed;
}

/**
 * Strongly connected components that contain a cycle (Tarjan). Recursive:
 * depth is bounded by the step count, and scripts hold hundreds of steps at most.
 */
export function cycles(adjacency: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const visit = (id: string): void => {
    index.set(id, index.size);
    low.set(id, index.get(id)!);
    stack.push(id);
    onStack.add(id);
    const targets = (adjacency.get(id) ?? []).filter((t) => adjacency.has(t));
    for (const next of targets) {
      if (!index.has(next)) visit(next);
      if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, low.get(next)!));
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== id);
    if (component.length > 1 || targets.includes(id)) result.push(component.reverse());
  };
  for (const id of adjacency.keys()) if (!index.has(id)) visit(id);
  return result;
}

function assertNever(value: never): never {
  throw new Error(`unexpected step type ${JSON.stringify(value)}`);
}
