import { agentFigures, summaryFigures } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { loadReportFacts, reportOptions } from './report-history.ts';
import { agentToolFigures } from './agent-tools-figures.ts';
import { periodOf, type ReportQuery } from './report-query.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /reports/summary (SPEC §5): the period's figures, defined in docs/metrics.md. */
export async function reportSummary(deps: Deps, p: Principal, query: ReportQuery) {
  const { from, to } = periodOf(query, deps.clock.now());
  const scope = { workspaceId: p.workspaceId, from, to, channelId: query.channelId, skill: query.skill };
  const facts = await loadReportFacts(deps, scope);
  // csat and wrap-up come from the conversation rows (agent tools), not the history replay.
  return { from: iso(from), to: iso(to), ...summaryFigures(facts, await reportOptions(deps, p.workspaceId)), ...(await agentToolFigures(deps, scope)) };
}

/** GET /reports/agents: per agent who held any of the period's conversations, with the agent's name. */
export async function reportAgents(deps: Deps, p: Principal, query: ReportQuery) {
  const { from, to } = periodOf(query, deps.clock.now());
  const facts = await loadReportFacts(deps, { workspaceId: p.workspaceId, from, to, channelId: query.channelId, skill: query.skill });
  const rows = agentFigures(facts);
  const ids = rows.map((r) => r.agentId);
  const agents = ids.length ? await deps.db.selectFrom('agents').select(['id', 'name']).where('workspace_id', '=', p.workspaceId).where('id', 'in', ids).execute() : [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return { from: iso(from), to: iso(to), items: rows.map(({ agentId, ...r }) => ({ agentId, name: names.get(agentId) ?? null, ...r })) };
}
