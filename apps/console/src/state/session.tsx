import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setToken, setUnauthorizedHandler } from '../lib/api.ts';
import type { Agent, Me } from '../lib/types.ts';

interface Session {
  token: string;
  me: Me;
  /** The signed-in agent, refreshed when its presence changes. */
  setAgent: (agent: Agent) => void;
  logout: () => void;
}

interface SessionState {
  session: Session | null;
  restoring: boolean;
  login: (email: string, password: string) => Promise<void>;
}

const TOKEN_KEY = 'sb.token';
const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => localStorage.getItem(TOKEN_KEY));
  const [me, setMe] = useState<Me | null>(null);
  const [restoring, setRestoring] = useState(token !== null);

  const clear = useCallback(() => {
    localStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setTokenState(null);
    setMe(null);
  }, []);

  useEffect(() => setUnauthorizedHandler(clear), [clear]);

  useEffect(() => {
    if (!token || me) return;
    setToken(token);
    api
      .get<Me>('/me')
      .then(setMe)
      .catch(clear)
      .finally(() => setRestoring(false));
  }, [token, me, clear]);

  const login = useCallback(async (email: string, password: string) => {
    const result = await api.post<{ token: string }>('/auth/login', {
      email,
      password,
    });
    setToken(result.token);
    const who = await api.get<Me>('/me');
    localStorage.setItem(TOKEN_KEY, result.token);
    setMe(who);
    setTokenState(result.token);
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!token || !me) return null;
    return {
      token,
      me,
      setAgent: (agent) => setMe((m) => (m ? { ...m, agent } : m)),
      logout: () => {
        void api.post('/auth/logout').catch(() => {});
        clear();
      },
    };
  }, [token, me, clear]);

  const value = useMemo(() => ({ session, restoring, login }), [session, restoring, login]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState() {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSessionState outside SessionProvider');
  return ctx;
}

/** The signed-in session; only used under the signed-in part of the tree. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession without a session');
  return session;
}

export const canSupervise = (me: Me) => me.role === 'supervisor' || me.role === 'admin';
