import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ApiError } from "../api/ApiError";
import { createApi, type Api } from "../api/createApi";
import { createRequest } from "../api/request";
import type { SessionEndReason, SessionUser } from "@accord/protocol";
import { deleteLocalDocumentsOf } from "../editor/localDocuments";

export type SessionState =
  | { status: "loading" }
  | {
      status: "anonymous";
      /**
       * Why: `ended_elsewhere` is a logout (or "log out everywhere") from another window, and
       * `password_changed` a password change made in another session; the login page says so.
       */
      reason: "logged_out" | "logged_out_everywhere" | "expired" | "unknown" | "ended_elsewhere" | "password_changed";
    }
  | { status: "authenticated"; user: SessionUser };

interface SessionContextValue {
  session: SessionState;
  api: Api;
  signedIn: (user: SessionUser) => void;
  /**
   * Signs out and deletes this user's local copies of their recommendations (their unsent
   * changes with them: UserMenu asks first when there are any).
   */
  logOut: () => Promise<void>;
  /** Ends every session of this account, this one included; deletes the local copies as logOut does. */
  logOutEverywhere: () => Promise<void>;
  /** The server said this session ended (socket.io `session.ended`, or the document socket's close). */
  sessionEnded: (reason: SessionEndReason) => void;
}

const ANONYMOUS_BECAUSE: Record<SessionEndReason, "ended_elsewhere" | "password_changed" | "expired"> = {
  logout: "ended_elsewhere",
  "password-changed": "password_changed",
  expired: "expired",
};

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is logged in, and the API client that knows when that stops being true. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: "loading" });

  const api = useMemo(
    () =>
      createApi(
        createRequest({
          onSessionEnded: () =>
            setSession((current) =>
              current.status === "authenticated" ? { status: "anonymous", reason: "expired" } : current,
            ),
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
        setSession({
          status: "anonymous",
          reason: error instanceof ApiError && error.status === 401 ? "logged_out" : "unknown",
        });
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  const signedIn = useCallback((user: SessionUser) => setSession({ status: "authenticated", user }), []);

  /**
   * Set while this window logs itself out: the server then tells this window's own sockets that
   * the session ended, which must not read as a logout from elsewhere.
   */
  const leaving = useRef(false);

  const userId = session.status === "authenticated" ? session.user.id : null;

  // What one person's session fetched is theirs: the next one at this browser starts empty. Cleared
  // when a session ends rather than when one starts, since by then the new session's screens are
  // already asking (a signed-in session only ever follows an anonymous one).
  const queryClient = useQueryClient();
  const cachedFor = useRef(userId);
  useEffect(() => {
    const previous = cachedFor.current;
    cachedFor.current = userId;
    if (previous !== null && previous !== userId) queryClient.clear();
  }, [queryClient, userId]);

  /**
   * An explicit sign-out deletes the browser's copies of this user's recommendations, so that the
   * next person at a shared computer cannot read their drafts. Not awaited: a copy still open in
   * the editor is deleted once the editor, leaving with the session, closes it.
   */
  const forgetDevice = useCallback(() => {
    if (userId !== null) void deleteLocalDocumentsOf(userId).catch(() => {});
  }, [userId]);

  const logOut = useCallback(async () => {
    leaving.current = true;
    try {
      await api.auth.logout();
    } finally {
      setSession({ status: "anonymous", reason: "logged_out" });
      leaving.current = false;
      // The user asked to sign out (and was asked about unsent changes): even when the request
      // failed, this device is no longer theirs to keep drafts on.
      forgetDevice();
    }
  }, [api, forgetDevice]);

  const logOutEverywhere = useCallback(async () => {
    leaving.current = true;
    try {
      await api.auth.logoutEverywhere();
      setSession({ status: "anonymous", reason: "logged_out_everywhere" });
      forgetDevice();
    } finally {
      leaving.current = false;
    }
  }, [api, forgetDevice]);

  /**
   * The server ended the session (a password changed elsewhere, expiry, a sign-out in another
   * browser). The local copies are kept, unsent changes included: the user did not choose to
   * drop them and was never asked, and they are sent when the same user signs in again here.
   */
  const sessionEnded = useCallback((reason: SessionEndReason) => {
    if (leaving.current) return;
    setSession((current) =>
      current.status === "authenticated" ? { status: "anonymous", reason: ANONYMOUS_BECAUSE[reason] } : current,
    );
  }, []);

  const value = useMemo(
    () => ({ session, api, signedIn, logOut, logOutEverywhere, sessionEnded }),
    [session, api, signedIn, logOut, logOutEverywhere, sessionEnded],
  );
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
