/**
 * The signed-in session as the pages use it: who the person is, the typed API clients carrying their
 * token, and whether the session has run out (then the shell asks them to sign in again; their drafts
 * stay in this tab's storage and they come back to the same page).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useAuth } from 'react-oidc-context';
import { createApiClients, type ApiClients } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { currentPlace } from './oidc';
import { principalOf, type Principal } from './principal';

interface Session {
  principal: Principal;
  api: ApiClients;
  accessToken(): string | undefined;
  expired: boolean;
  markExpired(): void;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const { lang } = useI18n();
  const token = useRef<string | undefined>(auth.user?.access_token);
  const language = useRef(lang);
  const [expired, setExpired] = useState(false);
  token.current = auth.user?.access_token;
  language.current = lang;

  const markExpired = useCallback(() => setExpired(true), []);
  const api = useMemo(
    () => createApiClients({ accessToken: () => token.current, language: () => language.current, onUnauthorized: markExpired }),
    [markExpired],
  );

  useEffect(() => {
    const offExpired = auth.events.addAccessTokenExpired(() => setExpired(true));
    const offLoaded = auth.events.addUserLoaded(() => setExpired(false));
    return () => {
      offExpired();
      offLoaded();
    };
  }, [auth.events]);

  const user = auth.user;
  const principal = useMemo(() => (user ? principalOf(user.access_token, user.profile as Record<string, unknown>) : undefined), [user]);
  const signIn = useCallback(() => auth.signinRedirect({ state: currentPlace() }), [auth]);
  const signOut = useCallback(async () => {
    try {
      await auth.signoutRedirect();
    } catch {
      // the provider cannot be reached: forget the session here at least
      await auth.removeUser();
    }
  }, [auth]);

  const value = useMemo<Session | null>(
    () => (principal ? { principal, api, accessToken: () => token.current, expired, markExpired, signIn, signOut } : null),
    [principal, api, expired, markExpired, signIn, signOut],
  );
  if (!value) return null;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** For tests and stories: a session without an identity provider. */
export function TestSessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
export type { Session };
