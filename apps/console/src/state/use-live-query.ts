import { useCallback, useEffect, useRef, useState } from 'react';
import type { StreamFrame } from '../lib/types.ts';
import { useFrames, useLive } from './live.tsx';

interface LiveQuery<T> {
  data: T | undefined;
  error: unknown;
  reload: () => void;
}

/**
 * Fetches on mount, again after every stream (re)connection (catch-up: the
 * stream has no replay), and again shortly after any frame `affects` says
 * matters, debounced so a burst of frames costs one request.
 */
export function useLiveQuery<T>(key: string, fetcher: () => Promise<T>, affects: (frame: StreamFrame) => boolean, debounceMs = 120): LiveQuery<T> {
  const { epoch } = useLive();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const fetchRef = useRef(fetcher);
  fetchRef.current = fetcher;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    fetchRef
      .current()
      .then((value) => mine === generation.current && (setData(value), setError(undefined)))
      .catch((e: unknown) => mine === generation.current && setError(e));
  }, []);

  useEffect(() => {
    reload();
  }, [key, epoch, reload]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  useFrames((frame) => {
    if (!affects(frame)) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(reload, debounceMs);
  });

  return { data, error, reload };
}

export const isConversationFrame = (f: StreamFrame) => f.type.startsWith('conversation.');
