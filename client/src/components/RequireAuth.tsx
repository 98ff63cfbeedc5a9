import { Navigate, Outlet, useLocation } from "react-router";
import { useSession } from "./SessionProvider";
import { LoadingState } from "./LoadingState";

/** Renders its routes for a logged-in user; sends anyone else to log in and back here afterwards. */
export function RequireAuth() {
  const { session } = useSession();
  const location = useLocation();
  switch (session.status) {
    case "loading":
      return <LoadingState label="Checking your session…" />;
    case "anonymous": {
      const next = `${location.pathname}${location.search}`;
      const reason = loginNotice(session.reason);
      return <Navigate to={`/login?next=${encodeURIComponent(next)}${reason}`} replace />;
    }
    case "authenticated":
      return <Outlet />;
    default: {
      const exhaustive: never = session;
      return exhaustive;
    }
  }
}

/** What the login page should say about how the session ended (see LoginPage). */
function loginNotice(
  reason: "logged_out" | "logged_out_everywhere" | "expired" | "unknown" | "ended_elsewhere" | "password_changed",
): string {
  switch (reason) {
    case "expired":
      return "&expired=1";
    case "ended_elsewhere":
      return "&ended=logout";
    case "password_changed":
      return "&ended=password";
    case "logged_out_everywhere":
      return "&ended=everywhere";
    case "logged_out":
    case "unknown":
      return "";
    default: {
      const exhaustive: never = reason;
      return exhaustive;
    }
  }
}
