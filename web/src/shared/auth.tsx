import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, ensureCsrf, onUnauthenticated } from './api';
import type { Me } from './types';

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
      setMe(await api.me.get());
    } catch (err) {
      if (err instanceof ApiError && err.status !== 401) console.warn('GET /api/me failed', err);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    void ensureCsrf().catch(() => undefined);
    api.me.get().then(setMe, (err: unknown) => {
      if (err instanceof ApiError && err.status !== 401) console.warn('GET /api/me failed', err);
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
