import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import type { InviteDetails } from "@accord/protocol";
import { ErrorBanner } from "../components/ErrorBanner";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "../components/labels";
import { LoadingState } from "../components/LoadingState";
import { forgetInvite, rememberInvite } from "../components/pendingInvite";
import { useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";

type InviteState =
  | { status: "loading" }
  | { status: "ready"; invite: InviteDetails }
  /** The details need a session on this server: we can still offer to log in. */
  | { status: "needs_login" }
  | { status: "invalid" }
  | { status: "error"; message: string };

/**
 * `/invite/:token`: who invited you to which brief, with which role. Logged out, it offers
 * sign-up and log-in that come back here; logged in, one button joins and opens the brief.
 */
export function InvitePage() {
  useDocumentTitle("Invitation");
  const { token = "" } = useParams();
  const { api, session } = useSession();
  const navigate = useNavigate();
  const [state, setState] = useState<InviteState>({ status: "loading" });
  const [acceptError, setAcceptError] = useState<string | null>(null);
  const [accepting, setAccepting] = useState(false);
  const signedIn = session.status === "authenticated";

  useEffect(() => {
    if (session.status === "loading") return;
    let cancelled = false;
    setState({ status: "loading" });
    api.invites
      .get(token)
      .then((invite) => {
        if (cancelled) return;
        setState({ status: "ready", invite });
        // Any "Sign up" in this tab now signs up with this invite (see pendingInvite.ts).
        if (session.status !== "authenticated") rememberInvite({ token, briefTitle: invite.briefTitle });
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        if (caught instanceof ApiError && caught.status === 404) {
          forgetInvite(token);
          setState({ status: "invalid" });
        } else if (caught instanceof ApiError && caught.status === 401) {
          rememberInvite({ token, briefTitle: null });
          setState({ status: "needs_login" });
        } else setState({ status: "error", message: errorMessage(caught) });
      });
    return () => {
      cancelled = true;
    };
  }, [api, token, session.status]);

  async function accept() {
    setAccepting(true);
    setAcceptError(null);
    try {
      const { briefId } = await api.invites.accept(token);
      forgetInvite(token);
      navigate(`/briefs/${encodeURIComponent(briefId)}`, { replace: true });
    } catch (caught) {
      setAcceptError(
        caught instanceof ApiError && caught.status === 404
          ? "This invite link is no longer valid."
          : errorMessage(caught),
      );
      setAccepting(false);
    }
  }

  const here = `/invite/${encodeURIComponent(token)}`;
  const next = `?next=${encodeURIComponent(here)}`;
  // Signing up from here uses the invite: the new account joins the brief at once (and so does
  // any other "Sign up" in this tab, through the remembered invite).
  const signupQuery = `${next}&invite=${encodeURIComponent(token)}`;
  const boundEmail = state.status === "ready" ? state.invite.email : undefined;
  const wrongAccount = signedIn && boundEmail !== undefined && session.user.email.toLowerCase() !== boundEmail;

  if (session.status === "loading" || state.status === "loading")
    return <LoadingState label="Opening the invitation…" />;

  if (state.status === "invalid") {
    return (
      <div className="auth-page">
        <div className="auth-card">
          <h1>This invite link does not work</h1>
          <p>
            It may have expired, been used or revoked, or whoever made it is no longer a lead of the brief. Ask the
            brief's lead for a new link.
          </p>
          <Link to="/" className="button button-secondary">
            Go to your briefs
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <div className="auth-card">
        <p className="eyebrow">Invitation</p>
        {state.status === "ready" ? (
          <>
            <h1>Join “{state.invite.briefTitle}”</h1>
            <p>
              {state.invite.invitedBy ? (
                <>
                  <strong>{state.invite.invitedBy}</strong> invited you as{" "}
                </>
              ) : (
                <>You are invited as </>
              )}
              <strong>{ROLE_LABELS[state.invite.role].toLowerCase()}</strong>: you will{" "}
              {ROLE_DESCRIPTIONS[state.invite.role]}.
            </p>
            {boundEmail ? (
              <p data-testid="invite-bound-email">
                This invite is for <strong>{boundEmail}</strong> only: accept it with the account of that e-mail
                address.
              </p>
            ) : null}
          </>
        ) : (
          <h1>You have been invited to a brief</h1>
        )}
        {state.status === "error" ? <ErrorBanner message={state.message} /> : null}
        <ErrorBanner message={acceptError} />
        {wrongAccount ? (
          <p className="muted" role="note">
            You are logged in as {session.status === "authenticated" ? session.user.email : ""}. Log out and log in (or
            sign up) as {boundEmail} to accept.
          </p>
        ) : null}
        {signedIn ? (
          <button type="button" className="button button-primary button-block" onClick={accept} disabled={accepting}>
            {accepting ? "Joining…" : "Accept and open the brief"}
          </button>
        ) : (
          <>
            <p className="muted">Sign up or log in first; you will come back here to accept.</p>
            <div className="button-row">
              <Link to={`/signup${signupQuery}`} className="button button-primary">
                Sign up
              </Link>
              <Link to={`/login${next}`} className="button button-secondary">
                Log in
              </Link>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
