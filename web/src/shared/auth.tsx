import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { paths } from '../../../contract/openapi';
import { api, ApiError, ensureCsrf, onUnauthenticated, request } from './api';
import type { Me } from './types';

type SessionState = paths['/api/session']['get']['responses'][200]['content']['application/json'];

/** Who is signed in, or null: GET /api/session answers 200 either way (a signed-out page logs no 401). */
const loadSession = async (): Promise<Me | null> => (await request<SessionState>('GET', '/api/session')).me;

interface AuthValue {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      setMe(await loadSession());
    } catch (err) {
      if (err instanceof ApiError) console.warn('GET /api/session failed', err);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    void ensureCsrf().catch(() => undefined);
    loadSession().then(setMe, (err: unknown) => {
      console.warn('GET /api/session failed', err);
      setMe(null);
    });
    return onUnauthenticated(() => setMe(null));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, setMe, refresh, signOut }), [me, refresh, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
