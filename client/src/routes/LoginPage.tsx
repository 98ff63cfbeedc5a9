import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import { ErrorBanner } from "../components/ErrorBanner";
import { FormField } from "../components/FormField";
import { pendingInvite } from "../components/pendingInvite";
import { SessionEndedNotice } from "../components/SessionEndedNotice";
import { inviteTokenOf, safeNext } from "../components/safeNext";
import { useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";

/**
 * `/login`. An invite this tab followed is not lost on the way: with no `next`, logging in goes
 * back to it (to accept), and "Create an account" signs up with it.
 */
export function LoginPage() {
  useDocumentTitle("Log in");
  const { api, session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const invite = inviteTokenOf(params.get("next")) ?? pendingInvite()?.token ?? null;
  const invitePath = invite ? `/invite/${encodeURIComponent(invite)}` : null;
  const next = safeNext(params.get("next"), invitePath ?? "/");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  if (session.status === "authenticated") return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    if (!email.trim()) local.email = "Enter your e-mail address.";
    if (!password) local.password = "Enter your password.";
    setFieldErrors(local);
    const firstInvalid = (["email", "password"] as const).find((field) => local[field]);
    if (firstInvalid) {
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const { user } = await api.auth.login({ email, password });
      signedIn(user);
      navigate(next, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400 && caught.field) {
        setFieldErrors({ [caught.field]: caught.message });
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Log in to Accord</h1>
        <SessionEndedNotice expired={params.get("expired") !== null} ended={params.get("ended")} />
        <ErrorBanner message={error} />
        <form onSubmit={onSubmit} noValidate aria-label="Log in">
          <FormField
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldErrors.email}
          />
          <FormField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldErrors.password}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
        </form>
        <p className="auth-switch">
          New to Accord? <Link to={signupPath(params.get("next") ? next : null, invite)}>Create an account</Link>
        </p>
      </div>
    </div>
  );
}

/** The signup page, coming back to `next` and carrying the invite, when there is one. */
function signupPath(next: string | null, invite: string | null): string {
  const query = new URLSearchParams();
  if (next) query.set("next", next);
  if (invite) query.set("invite", invite);
  const text = query.toString();
  return text ? `/signup?${text}` : "/signup";
}
