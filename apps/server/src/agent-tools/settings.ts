import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import { recordAudit } from '../security/audit.ts';

export interface CsatSettings {
  enabled: boolean;
  message: string;
  replyMatching: 'strict' | 'lenient';
  thanksMessage: string;
  congratulate: boolean;
}

/** workspaces.agent_tools; missing fields take these defaults (docs/agent-tools.md). */
export interface AgentToolsSettings {
  csat: CsatSettings;
  wrapUpSeconds: number;
  tagsRequiredAtClose: boolean;
}

export const DEFAULT_CSAT: CsatSettings = {
  enabled: false,
  message: 'How would you rate our service today?',
  replyMatching: 'strict',
  thanksMessage: 'Thank you for your rating! If you like, reply with a comment.',
  congratulate: true,
};

export function agentToolsFrom(raw: Record<string, unknown> | null | undefined): AgentToolsSettings {
  const csat = (raw?.csat ?? {}) as Partial<CsatSettings>;
  return {
    csat: { ...DEFAULT_CSAT, ...Object.fromEntries(Object.entries(csat).filter(([, v]) => v !== undefined)) },
    wrapUpSeconds: typeof raw?.wrapUpSeconds === 'number' ? raw.wrapUpSeconds : 0,
    tagsRequiredAtClose: raw?.tagsRequiredAtClose === true,
  };
}

export async function getAgentTools(db: Deps['db'] | Tx['db'], workspaceId: string): Promise<AgentToolsSettings> {
  const row = await db.selectFrom('workspaces').select('agent_tools').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return agentToolsFrom(row.agent_tools);
}

async function save(deps: Deps, p: Principal, change: (s: AgentToolsSettings) => AgentToolsSettings) {
  return transact(deps, async (tx) => {
    const row = await tx.db.selectFrom('workspaces').select('agent_tools').where('id', '=', p.workspaceId).forUpdate().executeTakeFirstOrThrow();
    const before = agentToolsFrom(row.agent_tools);
    const after = change(before);
    await tx.db
      .updateTable('workspaces')
      .set({ agent_tools: JSON.stringify(after) })
      .where('id', '=', p.workspaceId)
      .execute();
    await recordAudit(tx, p, 'settings.agent_tools_updated', 'workspace', p.workspaceId, before, after);
    return after;
  });
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export async function updateCsatSettings(deps: Deps, p: Principal, patch: Partial<CsatSettings> & { enabled: boolean }) {
  return (await save(deps, p, (s) => ({ ...s, csat: { ...s.csat, ...defined(patch) } }))).csat;
}

export async function updateAgentToolsSettings(deps: Deps, p: Principal, patch: { wrapUpSeconds?: number; tagsRequiredAtClose?: boolean }) {
  const after = await save(deps, p, (s) => ({ ...s, ...defined(patch) }));
  return { wrapUpSeconds: after.wrapUpSeconds, tagsRequiredAtClose: after.tagsRequiredAtClose };
}
