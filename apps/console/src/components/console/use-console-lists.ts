import { api, query } from '../../lib/api.ts';
import type { Conversation, Page } from '../../lib/types.ts';
import { isConversationFrame, useLiveQuery } from '../../state/use-live-query.ts';

export interface ConsoleLists {
  offers: Conversation[];
  mine: Conversation[];
  waiting: Conversation[];
  dispatching: Conversation[];
}

const list = (params: Record<string, string | number>) => api.get<Page<Conversation>>(`/conversations${query(params)}`).then((p) => p.items);

/** Everything the console's left column shows, refetched together when any conversation changes. */
export function useConsoleLists(agentId: string): ConsoleLists {
  const { data } = useLiveQuery(
    `lists:${agentId}`,
    async () => {
      const [dispatching, mine, waiting] = await Promise.all([
        list({ status: 'dispatching', limit: 200 }),
        list({ status: 'processing', assigneeId: agentId, limit: 200 }),
        list({ status: 'waiting', limit: 100 }),
      ]);
      const offers = dispatching.filter((c) => c.offer?.agentId === agentId);
      return { offers, mine, waiting, dispatching };
    },
    isConversationFrame,
  );
  return data ?? { offers: [], mine: [], waiting: [], dispatching: [] };
}
