import { Link, Outlet } from "react-router";
import { NotificationInbox } from "./NotificationInbox";
import { useSession } from "./SessionProvider";
import { UserMenu } from "./UserMenu";

/** Skip link, banner with the user menu, and the main landmark every screen renders into. */
export function AppLayout() {
  const { session } = useSession();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <span className="brand-name">Accord</span>
          <span className="visually-hidden">, your briefs</span>
        </Link>
        <nav aria-label="Account" className="app-header-nav">
          {session.status === "authenticated" ? (
            <>
              <NotificationInbox />
              <UserMenu user={session.user} />
            </>
          ) : session.status === "anonymous" ? (
            <>
              <Link to="/login" className="button-link">
                Log in
              </Link>
              <Link to="/signup" className="button button-secondary">
                Sign up
              </Link>
            </>
          ) : null}
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
