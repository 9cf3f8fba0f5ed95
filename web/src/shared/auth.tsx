import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getSession, logout } from './api/identity';
import { ApiError, ensureCsrf, onUnauthenticated } from './client';
import type { Me } from './contract';
import { isPersonal } from './query';

/** Who is signed in, or null: GET /api/session answers 200 either way (a signed-out page logs no 401). */
const loadSession = async (): Promise<Me | null> => (await getSession()).me;

interface AuthValue {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Who the app speaks for: the account and the enterprise it acts for. */
const identityOf = (me: Me | null | undefined) =>
  me ? `${me.id}:${me.actingAs?.enterpriseId ?? ''}` : me === null ? 'signed-out' : undefined;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const identity = useRef<string | undefined>(undefined);

  /** A different person (or the same acting for someone else): forget what was loaded for the last one. */
  const setMe = useCallback(
    (next: Me | null) => {
      const was = identity.current;
      identity.current = identityOf(next);
      if (was !== undefined && was !== identity.current) void queries.resetQueries({ predicate: isPersonal });
      setMeState(next);
    },
    [queries],
  );

  const load = useCallback(
    () =>
      loadSession().then(setMe, (err: unknown) => {
        if (err instanceof ApiError) console.warn('GET /api/session failed', err);
        setMe(null);
      }),
    [setMe],
  );

  useEffect(() => {
    void ensureCsrf().catch(() => undefined);
    void load();
    return onUnauthenticated(() => setMe(null));
  }, [load, setMe]);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      setMe(null);
    }
  }, [setMe]);

  const value = useMemo(() => ({ me, setMe, refresh: load, signOut }), [me, setMe, load, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
