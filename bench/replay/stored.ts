import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer } from '../../apps/server/src/container.ts';
import { runSimulation } from '../../apps/server/src/simulations/run-simulation.ts';
import { ensureAdminWorkspace } from '../../apps/server/src/workspaces/workspaces.ts';
import { recordMonth } from './traffic.ts';

/**
 * The server's path for the same replay: the generated recording stored in
 * `routing_inputs` (PGlite in memory, or DATABASE_URL), then runSimulation
 * reading it page by page, twice, as POST /simulations does. The
 * reproduction check against conversation_events is off here (the generated
 * recording has no history rows): what is measured is the reading.
 * Run: `npx tsx bench/replay/stored.ts` (BENCH_REPLAY_AGENTS, BENCH_REPLAY_DAYS).
 */
const AGENTS = Number(process.env.BENCH_REPLAY_AGENTS ?? 100);
const DAYS = Number(process.env.BENCH_REPLAY_DAYS ?? 2);

export async function main() {
  const config = loadConfig({ DATA_DIR: 'memory://', DATABASE_URL: process.env.DATABASE_URL, SECRET_KEY: 'bench-secret-key-0123456789', LOG_LEVEL: 'silent' });
  const container = await createContainer(config, { log: pino({ level: 'silent' }) });
  const workspaceId = await ensureAdminWorkspace(container.deps, `bench-${Date.now()}`);
  const { inputs, start, end } = recordMonth({ agents: AGENTS, days: DAYS, mode: 'auto', seed: 18, peakPerAgentHour: 4 });
  const db = container.deps.db;
  for (let i = 0; i < inputs.length; i += 1000) {
    const rows = inputs.slice(i, i + 1000).map((input) => ({
      workspace_id: workspaceId,
      version: Math.floor(input.key / 1_048_576),
      seq: input.key % 1_048_576,
      at: input.at,
      kind: input.kind === 'origin' ? 'origin' : input.event.type,
      event: JSON.stringify(input.kind === 'origin' ? input.snapshot : input.event),
      note: input.kind === 'origin' ? null : input.note,
    }));
    await db.insertInto('routing_inputs').values(rows).execute();
  }
  const cpu = process.cpuUsage();
  const wall = performance.now();
  // A what-if (one more agent): the decision check reads conversation_events, which this generated recording does not have.
  const outcome = await runSimulation(
    db,
    workspaceId,
    { from: start, to: end, overrides: { addAgents: [{ skills: ['en'], capacity: 3 }] } },
    { serviceLevelSeconds: 20, serviceLevelTarget: 0.8, shortAbandonSeconds: 0 },
  );
  const used = process.cpuUsage(cpu);
  const wallS = (performance.now() - wall) / 1000;
  const cpuS = (used.user + used.system) / 1e6;
  console.log(`\n### Replay from the database (bench/replay/stored.ts): ${AGENTS} agents, ${DAYS} days, ${config.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}\n`);
  console.log('| inputs | rows read (2 passes) | wall s | process CPU s | rows / wall s | month × 1,000 agents, wall s (extrapolated) |');
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${inputs.length} | ${2 * inputs.length} | ${wallS.toFixed(2)} | ${cpuS.toFixed(2)} | ${Math.round((2 * inputs.length) / wallS)} | ${(wallS * (1000 / AGENTS) * (30 / DAYS)).toFixed(0)} |`,
  );
  console.log(`\nsimulated: ${JSON.stringify(outcome.simulated)}`);
  await container.close();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
