import { useEffect, useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import type { SignupPolicy } from "@accord/protocol";
import { ErrorBanner } from "../components/ErrorBanner";
import { FormField } from "../components/FormField";
import { LoadingState } from "../components/LoadingState";
import { forgetInvite, pendingInvite } from "../components/pendingInvite";
import { inviteTokenOf, safeNext } from "../components/safeNext";
import { useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";

/** Matches the server's rule (signupSchema); the server decides, this only spares a round trip. */
const MIN_PASSWORD_LENGTH = 10;

type Field = "name" | "email" | "password";

/**
 * `/signup`: create an account, as the server's signup policy allows. The invite this tab
 * followed (`?invite=TOKEN`, a `next` back to `/invite/TOKEN`, or the one remembered when the
 * invite page was opened, so the header's "Sign up" keeps it too) goes with the signup: the new
 * account joins its brief and lands there. With e-mail confirmation on the server, the answer
 * is always "check your e-mail", whether or not the address has an account.
 */
export function SignupPage() {
  useDocumentTitle("Create an account");
  const { api, session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const remembered = pendingInvite();
  const [inviteDropped, setInviteDropped] = useState(false);
  const inviteToken = inviteDropped
    ? undefined
    : params.get("invite") || inviteTokenOf(next) || remembered?.token || undefined;
  const inviteTitle = remembered && remembered.token === inviteToken ? remembered.briefTitle : null;
  const [policy, setPolicy] = useState<SignupPolicy | null>(null);
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mailedTo, setMailedTo] = useState<string | null>(null);
  // Where a successful signup goes. The authenticated render below must go there too: it can run
  // before the router's navigation lands, and `next` may be the invite just used up.
  const [landing, setLanding] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.auth
      .signupPolicy()
      .then((loaded) => !cancelled && setPolicy(loaded))
      // Unknown policy: show the form; the server still decides.
      .catch(() => !cancelled && setPolicy({ mode: "open", emailConfirmation: false }));
    return () => {
      cancelled = true;
    };
  }, [api]);

  if (session.status === "authenticated") return <Navigate to={landing ?? next} replace />;
  if (policy === null) return <LoadingState label="Loading…" />;

  // Logging in instead comes back to the invite, to accept it with the existing account.
  const loginNext = params.get("next") ? next : inviteToken ? `/invite/${encodeURIComponent(inviteToken)}` : null;
  const loginLink = <Link to={`/login${loginNext ? `?next=${encodeURIComponent(loginNext)}` : ""}`}>Log in</Link>;

  if (mailedTo !== null) {
    return (
      <div className="auth-page">
        <div className="auth-card" role="status">
          <h1>Check your e-mail</h1>
          <p>
            We sent a message to <strong>{mailedTo}</strong>. Open the link in it to finish creating your account; it
            works once, for a limited time.
          </p>
          <p className="muted">Nothing arrived after a few minutes? Check your spam folder, or sign up again.</p>
          <p className="auth-switch">Already have an account? {loginLink}</p>
        </div>
      </div>
    );
  }

  if (policy.mode === "invite" && !inviteToken) {
    return (
      <div className="auth-page">
        <div className="auth-card">
          <h1>Accounts by invitation only</h1>
          <p>
            This Accord server creates accounts from invite links only. Ask a lead of the brief you are joining to send
            you one: opening it brings you back here to sign up.
          </p>
          <p className="auth-switch">Already have an account? {loginLink}</p>
        </div>
      </div>
    );
  }

  const set = (field: Field) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const local: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) local.name = "Enter your name.";
    if (!values.email.trim()) local.email = "Enter your e-mail address.";
    else if (!values.email.includes("@")) local.email = "Enter a valid e-mail address, like ada@example.org.";
    if (!values.password) local.password = "Enter a password.";
    else if (values.password.length < MIN_PASSWORD_LENGTH)
      local.password = `Your password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
    setFieldErrors(local);
    const firstInvalid = (["name", "email", "password"] as const).find((field) => local[field]);
    if (firstInvalid) {
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }

    setBusy(true);
    try {
      const email = values.email.trim();
      // The invite always goes with the signup: it admits the account where only invites do,
      // the e-mailed link finishes the join, and an account made at once joins at once.
      const result = await api.auth.signup({ name: values.name.trim(), email, password: values.password, inviteToken });
      if ("status" in result) {
        setMailedTo(email);
        return;
      }
      if (inviteToken) forgetInvite(inviteToken);
      const afterSignup = inviteTokenOf(next) ? "/" : next;
      const destination = result.joined ? `/briefs/${encodeURIComponent(result.joined.briefId)}` : afterSignup;
      setLanding(destination);
      signedIn(result.user);
      navigate(destination, { replace: true });
    } catch (caught) {
      if (inviteToken && caught instanceof ApiError && caught.status === 404) {
        // The invite died (used, revoked, expired): say so, and let an open server sign up without it.
        forgetInvite(inviteToken);
        setInviteDropped(policy?.mode !== "invite");
        setError(
          `${caught.message} ${policy?.mode === "invite" ? "Ask the brief's lead for a new link." : "You can still create an account without it."}`,
        );
      } else if (inviteToken && caught instanceof ApiError && caught.status === 403 && !caught.field) {
        // A bound invite names its e-mail address.
        setFieldErrors({ email: caught.message });
      } else if (caught instanceof ApiError && caught.field && caught.field in values) {
        setFieldErrors({ [caught.field as Field]: caught.message });
      } else if (caught instanceof ApiError && caught.status === 409) {
        setFieldErrors({ email: caught.message });
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
        <h1>Create your Accord account</h1>
        <p className="muted">
          {inviteToken
            ? inviteTitle
              ? `You are signing up with an invite to “${inviteTitle}”: you join it as soon as your account exists.`
              : "You are signing up with an invite: you join its brief as soon as your account exists."
            : "Draft policy recommendations together with your team."}
        </p>
        <ErrorBanner message={error} />
        <form onSubmit={onSubmit} noValidate aria-label="Sign up">
          <FormField
            label="Name"
            name="name"
            autoComplete="name"
            required
            value={values.name}
            onChange={set("name")}
            error={fieldErrors.name}
          />
          <FormField
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={set("email")}
            hint={
              policy.mode === "domains" && !inviteToken
                ? `This server creates accounts for addresses at ${(policy.domains ?? []).join(", ")}, or from an invite link.`
                : undefined
            }
            error={fieldErrors.email}
          />
          <FormField
            label="Password"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={values.password}
            onChange={set("password")}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A short sentence is easy to remember.`}
            error={fieldErrors.password}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? "Creating account…" : "Create account"}
          </button>
        </form>
        <p className="auth-switch">Already have an account? {loginLink}</p>
      </div>
    </div>
  );
}
