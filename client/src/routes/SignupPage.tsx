import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import { ErrorBanner } from "../components/ErrorBanner";
import { FormField } from "../components/FormField";
import { safeNext } from "../components/safeNext";
import { useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";

/** Matches the server's rule (signupSchema); the server decides, this only spares a round trip. */
const MIN_PASSWORD_LENGTH = 10;

type Field = "name" | "email" | "password";

export function SignupPage() {
  useDocumentTitle("Create an account");
  const { api, session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.status === "authenticated") return <Navigate to={next} replace />;

  const set = (field: Field) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const local: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) local.name = "Enter your name.";
    if (!values.email.includes("@")) local.email = "Enter an email address, like ada@example.org.";
    if (values.password.length < MIN_PASSWORD_LENGTH)
      local.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    setFieldErrors(local);
    const firstInvalid = (["name", "email", "password"] as const).find((field) => local[field]);
    if (firstInvalid) {
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }

    setBusy(true);
    try {
      const { user } = await api.auth.signup({ name: values.name.trim(), email: values.email.trim(), password: values.password });
      signedIn(user);
      navigate(next, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.field && caught.field in values) {
        setFieldErrors({ [caught.field as Field]: sentence(caught.field, caught.message) });
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
        <p className="muted">Draft policy recommendations together with your team.</p>
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
        <p className="auth-switch">
          Already have an account? <Link to={`/login${params.get("next") ? `?next=${encodeURIComponent(next)}` : ""}`}>Log in</Link>
        </p>
      </div>
    </div>
  );
}

/** The server names the field and says what is wrong with it ("must be at least 10 characters"). */
function sentence(field: string, message: string): string {
  if (/^[a-z]/.test(message) && !message.toLowerCase().startsWith(field)) {
    const label = field.charAt(0).toUpperCase() + field.slice(1);
    return `${label} ${message}${message.endsWith(".") ? "" : "."}`;
  }
  return message;
}
