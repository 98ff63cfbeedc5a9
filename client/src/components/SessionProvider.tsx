import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError } from "../api/ApiError";
import { createApi, type Api } from "../api/createApi";
import { createRequest } from "../api/request";
import type { SessionUser } from "../api/types";

export type SessionState =
  | { status: "loading" }
  | { status: "anonymous"; reason: "logged_out" | "expired" | "unknown" }
  | { status: "authenticated"; user: SessionUser };

interface SessionContextValue {
  session: SessionState;
  api: Api;
  signedIn: (user: SessionUser) => void;
  logOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is logged in, and the API client that knows when that stops being true. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: "loading" });

  const api = useMemo(
    () =>
      createApi(
        createRequest({
          onSessionEnded: () =>
            setSession((current) => (current.status === "authenticated" ? { status: "anonymous", reason: "expired" } : current)),
        }),
      ),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    api.auth
      .me()
      .then(({ user }) => {
        if (!cancelled) setSession({ status: "authenticated", user });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setSession({ status: "anonymous", reason: error instanceof ApiError && error.status === 401 ? "logged_out" : "unknown" });
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  const signedIn = useCallback((user: SessionUser) => setSession({ status: "authenticated", user }), []);

  const logOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setSession({ status: "anonymous", reason: "logged_out" });
    }
  }, [api]);

  const value = useMemo(() => ({ session, api, signedIn, logOut }), [session, api, signedIn, logOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

/** The logged-in user; only for components rendered behind <RequireAuth>. */
export function useCurrentUser(): SessionUser {
  const { session } = useSession();
  if (session.status !== "authenticated") throw new Error("useCurrentUser needs an authenticated session");
  return session.user;
}
