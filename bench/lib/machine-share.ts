import { readFileSync } from 'node:fs';

/**
 * What the machine gave a measurement (Linux): the CPU share the hypervisor took for others (steal)
 * and the load average, over a span. A VM's figures move with its neighbours: printed beside each
 * row so two runs can be told apart by the machine as well as by the tree.
 */
export interface MachineShare {
  stealShare: number;
  load: number;
}

type CpuTimes = { steal: number; total: number };

function cpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // cpu user nice system idle iowait irq softirq steal …
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { steal: f[7]!, total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/** Starts a span; its `end()` gives the steal over the span and the 1-minute load at its end (NaN where unknown). */
export function machineSpan(): { end(): MachineShare } {
  const before = cpuTimes();
  return {
    end() {
      const after = cpuTimes();
      const load = loadAverage();
      if (!before || !after || after.total === before.total) return { stealShare: NaN, load };
      return { stealShare: (after.steal - before.steal) / (after.total - before.total), load };
    },
  };
}
