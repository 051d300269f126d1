import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, configureApiAuth, unwrap, type Schemas } from '../api/client';

export type User = Schemas['UserDto'];
type Role = User['role'];

interface Session {
  token: string;
  user: User;
}

interface SessionContext {
  session: Session | null;
  signIn: (username: string, password: string) => Promise<User>;
  signOut: () => void;
}

const STORAGE_KEY = 'onestop.session';
const Context = createContext<SessionContext | null>(null);

function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** Who is signed in; the token lives in localStorage so a reload keeps the session until it expires. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);

  const signOut = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);

  // Set before children render, so their first queries carry the token.
  configureApiAuth(session?.token ?? null, signOut);
  useEffect(() => configureApiAuth(session?.token ?? null, signOut), [session, signOut]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const answer = await unwrap(api.POST('/api/auth/login', { body: { username, password } }));
      const next = { token: answer.accessToken, user: answer.user };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      configureApiAuth(next.token, signOut);
      setSession(next);
      return answer.user;
    },
    [signOut],
  );

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** Where each role works. */
export const HOME_OF_ROLE: Record<Role, string> = {
  applicant: '/apply',
  staff: '/workbench',
  dept_cio: '/department',
  coord_cio: '/coordination',
  admin: '/coordination',
};
