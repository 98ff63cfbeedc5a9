import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { errorMessage } from "../api/ApiError";
import { ErrorBanner } from "../components/ErrorBanner";
import { forgetInvite } from "../components/pendingInvite";
import { useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";

/**
 * `/confirm#TOKEN`: the link of a signup confirmation e-mail. The token is in the fragment, so
 * it never reaches a server log or a Referer; the account is created only on the button, not
 * on load, so that a mail scanner opening the link creates nothing.
 */
export function ConfirmPage() {
  useDocumentTitle("Confirm your account");
  const { api, signedIn } = useSession();
  const navigate = useNavigate();
  const token = useLocation().hash.slice(1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const { user, joined } = await api.auth.confirm(token);
      // The signup carried this tab's invite, if any: it has done its work.
      if (joined) forgetInvite();
      signedIn(user);
      navigate(joined ? `/briefs/${encodeURIComponent(joined.briefId)}` : "/", { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Confirm your Accord account</h1>
        {token ? (
          <>
            <p>Your e-mail address is confirmed by this link. Create the account to start working.</p>
            <ErrorBanner message={error} />
            <button
              type="button"
              className="button button-primary button-block"
              onClick={() => void confirm()}
              disabled={busy}
            >
              {busy ? "Creating account…" : "Create my account"}
            </button>
          </>
        ) : (
          <p>This link is incomplete. Open the whole link from the e-mail, or sign up again.</p>
        )}
        <p className="auth-switch">
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      </div>
    </div>
  );
}
