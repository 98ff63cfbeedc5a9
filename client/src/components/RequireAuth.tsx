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
      const reason = session.reason === "expired" ? "&expired=1" : "";
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
