import { useEffect, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { FormField } from "./FormField";
import { useSession } from "./SessionProvider";

/**
 * Changes the account's password. The server checks the current one and the new one's strength
 * (the message names the field), and logs out every other session; this one stays.
 */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api } = useSession();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!open) return;
    setCurrentPassword("");
    setNewPassword("");
    setFieldErrors({});
    setError(null);
    setDone(false);
  }, [open]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!currentPassword) missing.currentPassword = "Enter your current password.";
    if (!newPassword) missing.newPassword = "Choose a new password.";
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.auth.changePassword({ currentPassword, newPassword });
      setDone(true);
    } catch (caught) {
      if (
        caught instanceof ApiError &&
        caught.status === 400 &&
        (caught.field === "currentPassword" || caught.field === "newPassword")
      ) {
        setFieldErrors({ [caught.field]: caught.message });
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Change password"
      description="Your other sessions (other browsers and devices) will be logged out. This one stays."
    >
      {done ? (
        <>
          <p className="notice notice-success" role="status">
            Your password was changed, and your other sessions were logged out.
          </p>
          <div className="dialog-actions">
            {/* biome-ignore lint/a11y/noAutofocus: WAI-ARIA dialog: focus moves into the dialog, to its one action */}
            <button type="button" className="button button-primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Change password">
          <ErrorBanner message={error} />
          <FormField
            label="Current password"
            type="password"
            name="currentPassword"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
            error={fieldErrors.currentPassword}
          />
          <FormField
            label="New password"
            type="password"
            name="newPassword"
            autoComplete="new-password"
            required
            hint="At least 10 characters. A few unrelated words make a strong one."
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
            error={fieldErrors.newPassword}
          />
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? "Changing…" : "Change password"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
