import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../lib/api.ts';

/** List, create, update and delete one admin collection, with the last error as text. */
export function useCrud<T extends { id: string }>(path: string) {
  const [items, setItems] = useState<T[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api
      .get<{ items: T[] }>(path)
      .then((r) => (setItems(r.items), setLoadError(null)))
      .catch(setLoadError);
  }, [path]);
  useEffect(reload, [reload]);

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      try {
        await action();
        reload();
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      }
    },
    [reload],
  );

  return {
    items,
    loadError,
    error,
    reload,
    /** Any action on the collection: its error shown like the others', the list reloaded after. */
    run,
    create: (body: unknown) => run(() => api.post(path, body)),
    update: (id: string, body: unknown) => run(() => api.patch(`${path}/${id}`, body)),
    remove: (id: string) => run(() => api.del(`${path}/${id}`)),
  };
}

export const splitList = (s: string, sep: RegExp = /[,\n]/) =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);
