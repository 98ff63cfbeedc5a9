import type { Role } from "@accord/domain";
import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { FormField } from "./FormField";
import { ErrorBanner } from "./ErrorBanner";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLE_OPTIONS } from "./labels";
import { useWorkspace } from "./workspaceContext";

/**
 * Pick a role (and, optionally, the one e-mail address that may use it), create a single-use
 * invite link, copy it. `onCreated` lets the page refresh its list of pending invites.
 */
export function InviteLinkForm({ onCreated }: { onCreated?: () => void }) {
  const { api, briefId } = useWorkspace();
  const [role, setRole] = useState<Role>("editor");
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>(undefined);
  const [link, setLink] = useState<{ url: string; role: Role; email: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState("");
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const urlId = useId();
  const urlRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setEmailError(undefined);
    setCopied("");
    try {
      const created = await api.invites.create(briefId, role, email.trim() || undefined);
      setLink({ url: created.url, role, email: created.email });
      setEmail("");
      onCreated?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.field === "email")
        setEmailError("Enter an e-mail address, like ada@example.org, or leave it empty.");
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied("Link copied to the clipboard.");
    } catch {
      // Clipboard access needs a secure context and permission; selecting the text still lets people copy it.
      urlRef.current?.select();
      setCopied("Press Ctrl+C (or ⌘C) to copy the selected link.");
    }
  }

  return (
    <div className="invite-form">
      <form onSubmit={onSubmit} className="invite-create" aria-label="Create an invite link">
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}: can {ROLE_DESCRIPTIONS[option]}
              </option>
            ))}
          </select>
        </div>
        <FormField
          label="Only for this e-mail (optional)"
          type="email"
          name="invite-email"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          hint="Leave empty to let whoever opens the link join."
          error={emailError}
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Creating…" : "Create invite link"}
        </button>
      </form>
      <ErrorBanner message={error} />
      {link ? (
        <div className="invite-result">
          <label htmlFor={urlId}>
            Invite link for {ROLE_LABELS[link.role].toLowerCase()}
            {link.email ? <> ({link.email} only)</> : null}
          </label>
          <div className="input-with-button">
            <input
              ref={urlRef}
              id={urlId}
              readOnly
              value={link.url}
              data-testid="invite-url"
              onFocus={(event) => event.target.select()}
            />
            <button type="button" className="button button-secondary" onClick={copy}>
              Copy link
            </button>
          </div>
          <p className="muted small" role="status" aria-live="polite">
            {copied}
          </p>
        </div>
      ) : null}
    </div>
  );
}
