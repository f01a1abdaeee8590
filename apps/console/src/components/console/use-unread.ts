import { useCallback, useEffect, useState } from 'react';

/** Customer messages that arrived in a conversation the agent is not looking at. */
export function useUnread(openId: string | undefined) {
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => {
    if (openId) setCounts(({ [openId]: _seen, ...rest }) => rest);
  }, [openId]);
  const add = useCallback(
    (id: string) => {
      if (id === openId && document.hasFocus()) return;
      setCounts((c) => ({ ...c, [id]: (c[id] ?? 0) + 1 }));
    },
    [openId],
  );
  return { counts, add };
}
