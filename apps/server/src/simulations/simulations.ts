import { DomainError, notFound, type WhatIfOverrides } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { policyRoutingFrom } from '../policy/policy-settings.ts';
import { reportOptions } from '../reports/report-history.ts';
import { DRAIN_MS } from '@switchboard/core';
import { countInputs } from './history-reader.ts';
import { runSimulation, type SimulationOutcome, type SimulationRequest, type SimulationSettings } from './run-simulation.ts';
import { simulationPeriod, type SimulationBody } from './simulation-request.ts';

/** Up to this many recorded inputs a simulation runs in the request (200); above, it is a job (202). */
export const INLINE_INPUT_LIMIT = 5_000;
/** A claimed job is the claimer's for this long; renewed with each progress step, retaken by anyone after. */
export const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 3;

const iso = (ms: number) => new Date(ms).toISOString();

/** POST /simulations: a short period answers at once; a long one is stored as a job any process may claim. */
export async function createSimulation(deps: Deps, p: Principal, body: SimulationBody) {
  const { from, to } = simulationPeriod(body);
  const request: SimulationRequest = { from, to, overrides: (body.overrides ?? {}) as WhatIfOverrides };
  const inputs = await countInputs(deps.db, p.workspaceId, from, to + DRAIN_MS);
  if (body.wait !== false && inputs <= INLINE_INPUT_LIMIT) {
    const outcome = await runSimulation(deps.db, p.workspaceId, request, await settingsOf(deps, p.workspaceId));
    return { status: 200, body: { id: null, status: 'done', ...view(outcome) } };
  }
  const id = deps.ids.next('sim');
  const now = deps.clock.now();
  await deps.db
    .insertInto('simulations')
    .values({
      id,
      workspace_id: p.workspaceId,
      status: 'queued',
      request: JSON.stringify({ ...body, from: iso(from), to: iso(to) }),
      result: null,
      created_by: p.agentId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { status: 202, body: { id, status: 'queued', progress: 0 } };
}

export async function getSimulation(deps: Deps, p: Principal, id: string) {
  const row = await deps.db.selectFrom('simulations').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('simulation', id);
  const base = { id: row.id, status: row.status, progress: Math.round(row.progress * 1000) / 1000, request: row.request, createdAt: iso(row.created_at) };
  if (row.status === 'failed') return { ...base, error: row.error };
  return row.result ? { ...base, ...(row.result as object) } : base;
}

/**
 * Claims one job (queued, or running with a lapsed lease: its process died)
 * by compare-and-set and runs it here, renewing the lease as it goes. Any
 * process's scheduler may call it; two never run the same job at once.
 */
export async function runSimulationJobs(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const claimed = await sql<{ id: string; workspace_id: string; request: Record<string, unknown>; attempts: number }>`
    UPDATE simulations SET status = 'running', lease_until = ${now + LEASE_MS}::int8, attempts = attempts + 1, updated_at = ${now}::int8
    WHERE id = (
      SELECT id FROM simulations
      WHERE (status = 'queued' OR (status = 'running' AND lease_until < ${now}::int8)) AND attempts < ${MAX_ATTEMPTS}
      ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, workspace_id, request, attempts`.execute(deps.db);
  const job = claimed.rows[0];
  if (!job) return 0;
  await runJob(deps, job);
  return 1;
}

async function runJob(deps: Deps, job: { id: string; workspace_id: string; request: Record<string, unknown> }) {
  const body = job.request as unknown as SimulationBody;
  const { from, to } = simulationPeriod(body);
  const publish = (data: Record<string, unknown>) =>
    deps.bus.publish([{ type: 'simulation.progress', workspaceId: job.workspace_id, agentIds: [], data: { id: job.id, ...data } }]);
  const stillOurs = async (progress: number) => {
    const now = deps.clock.now();
    const r = await deps.db
      .updateTable('simulations')
      .set({ progress, lease_until: now + LEASE_MS, updated_at: now })
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', `simulation ${job.id} was taken over`);
  };
  let last = 0;
  try {
    const outcome = await runSimulation(
      deps.db,
      job.workspace_id,
      { from, to, overrides: (body.overrides ?? {}) as WhatIfOverrides },
      await settingsOf(deps, job.workspace_id),
      async (share) => {
        if (share - last < 0.05) return;
        last = share;
        await stillOurs(share);
        await publish({ status: 'running', progress: Math.round(share * 1000) / 1000 });
      },
    );
    await deps.db
      .updateTable('simulations')
      .set({ status: 'done', progress: 1, result: JSON.stringify(view(outcome)), lease_until: null, updated_at: deps.clock.now() })
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .execute();
    await publish({ status: 'done', progress: 1 });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CONFLICT') return;
    deps.log.error({ err: error, simulation: job.id }, 'simulation failed');
    await deps.db
      .updateTable('simulations')
      .set({ status: 'failed', error: (error as Error).message.slice(0, 500), lease_until: null, updated_at: deps.clock.now() })
      .where('id', '=', job.id)
      .execute();
    await publish({ status: 'failed' });
  }
}

async function settingsOf(deps: Deps, workspaceId: string): Promise<SimulationSettings> {
  const ws = await deps.db.selectFrom('workspaces').select('routing_settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const policy = policyRoutingFrom(ws.routing_settings);
  const report = await reportOptions(deps, workspaceId);
  return { serviceLevelSeconds: report.serviceLevelSeconds, shortAbandonSeconds: report.shortAbandonSeconds, serviceLevelTarget: policy.serviceLevelTarget };
}

/** The answer: SPEC's four figures on each side and `reproduced`, then the detail (per queue, per agent, staffing). */
function view(o: SimulationOutcome) {
  return {
    from: iso(o.from),
    to: iso(o.to),
    whatIf: o.whatIf,
    reproduced: o.reproduced,
    recorded: o.recorded,
    simulated: o.simulated,
    queues: o.queues,
    agents: o.agents,
    staffing: o.staffing,
    check: o.check,
    inputs: o.inputs,
    simulatedEvents: o.simulatedEvents,
    elapsedMs: o.elapsedMs,
  };
}

let runningHere = false;

/**
 * The scheduler's task: starts claiming and running jobs in the background,
 * one at a time in this process, so a long simulation never holds up the
 * beat that fires offers and timers.
 */
export async function startSimulationJobs(deps: Deps): Promise<number> {
  if (runningHere) return 0;
  runningHere = true;
  void (async () => {
    try {
      while ((await runSimulationJobs(deps)) > 0);
    } catch (err) {
      deps.log.warn({ err }, 'simulation jobs paused');
    } finally {
      runningHere = false;
    }
  })();
  return 0;
}
