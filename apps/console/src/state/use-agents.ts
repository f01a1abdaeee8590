import { api } from '../lib/api.ts';
import type { Agent } from '../lib/types.ts';
import { useLiveQuery } from './use-live-query.ts';

export function useAgents() {
  const q = useLiveQuery(
    'agents',
    () => api.get<{ items: Agent[] }>('/agents').then((r) => r.items),
    (f) => f.type === 'agent.presence_changed',
  );
  return { agents: q.data ?? [], reload: q.reload, error: q.error };
}

export const agentName = (agents: Agent[], id: string | null | undefined) => (id ? (agents.find((a) => a.id === id)?.name ?? id) : '');
