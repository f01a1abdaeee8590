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

/** Everything the console's left column shows, refetched together when any conversation changes or gets a message. */
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
    // A message changes a card too (its preview, "unanswered for"): not only conversation events.
    (f) => isConversationFrame(f) || f.type === 'message.created',
    400,
  );
  return data ?? { offers: [], mine: [], waiting: [], dispatching: [] };
}
