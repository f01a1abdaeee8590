import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { StreamClient, streamUrl, type StreamState } from '../lib/stream.ts';
import type { StreamFrame } from '../lib/types.ts';
import { api } from '../lib/api.ts';

type FrameListener = (frame: StreamFrame) => void;

interface Live {
  state: StreamState;
  /** Bumped on every (re)connection: whatever was shown may be stale, so refetch. */
  epoch: number;
  subscribe: (fn: FrameListener) => () => void;
}

const LiveContext = createContext<Live | null>(null);

export function LiveProvider({ token, onUnauthorized, children }: { token: string; onUnauthorized: () => void; children: ReactNode }) {
  const [state, setState] = useState<StreamState>('connecting');
  const [epoch, setEpoch] = useState(0);
  const listeners = useRef(new Set<FrameListener>());
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    const client = new StreamClient({
      // A fresh one-time ticket per connection keeps the session token out of URLs (and so out of proxy logs).
      url: async () => streamUrl((await api.post<{ ticket: string }>('/stream/tickets')).ticket),
      onFrame: (frame) => listeners.current.forEach((fn) => fn(frame)),
      onOpen: () => setEpoch((n) => n + 1),
      onState: setState,
      onUnauthorized: () => unauthorized.current(),
    });
    client.start();
    return () => client.stop();
  }, [token]);

  const value = useMemo<Live>(
    () => ({
      state,
      epoch,
      subscribe: (fn) => {
        listeners.current.add(fn);
        return () => listeners.current.delete(fn);
      },
    }),
    [state, epoch],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error('useLive outside LiveProvider');
  return ctx;
}

/** Calls `fn` for every stream frame while mounted. */
export function useFrames(fn: FrameListener) {
  const { subscribe } = useLive();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((frame) => ref.current(frame)), [subscribe]);
}
