import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useDismissable } from "./useDismissable";
import { useNavigate } from "react-router";
import type { NotificationSettings, SessionUser } from "@accord/protocol";
import { errorMessage } from "../api/ApiError";
import { createNotificationsApi } from "../notifications/notificationsApi";
import "../notifications/notifications.css";
import { userColor } from "../realtime/userColor";
import { unsentChangesOf } from "../editor/localDocuments";
import { ChangePasswordDialog } from "./ChangePasswordDialog";
import { Dialog } from "./Dialog";
import { initials } from "./initials";
import { useSession } from "./SessionProvider";

/**
 * The name in the header; opens a small panel with the account, the e-mail digest switch,
 * "Change password", "Log out" and "Log out everywhere".
 */
export function UserMenu({ user }: { user: SessionUser }) {
  const { logOut, logOutEverywhere } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const closePanel = useCallback(() => setOpen(false), []);
  const [changingPassword, setChangingPassword] = useState(false);
  /** Signing out deletes this device's copies: with unsent changes among them it asks first. */
  const [confirmSignOut, setConfirmSignOut] = useState<{ unsent: number; everywhere: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const notificationsApi = useMemo(() => createNotificationsApi(), []);
  const [mailSettings, setMailSettings] = useState<NotificationSettings | null>(null);

  // Read each time the panel opens: another tab may have changed it.
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    notificationsApi.settings().then(
      (settings) => !cancelled && setMailSettings(settings),
      (caught: unknown) => !cancelled && setError(errorMessage(caught)),
    );
    return () => {
      cancelled = true;
    };
  }, [open, notificationsApi]);

  useDismissable(open, closePanel, rootRef, buttonRef);

  const signOut = async () => {
    await logOut().catch(() => undefined);
    navigate("/login", { replace: true });
  };
  const signOutEverywhere = async () => {
    try {
      await logOutEverywhere();
      setOpen(false);
      navigate("/login?ended=everywhere", { replace: true });
    } catch (caught) {
      setOpen(true);
      setError(errorMessage(caught));
    }
  };

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar avatar-small" aria-hidden="true" style={{ backgroundColor: userColor(user.id) }}>
          {initials(user.name)}
        </span>
        <span className="user-menu-name">{user.name}</span>
        <span className="visually-hidden">, account menu</span>
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <p className="user-menu-who">
          Signed in as <strong>{user.email}</strong>
        </p>
        <div className="user-menu-actions">
          {mailSettings ? (
            <>
              <label className="user-menu-toggle">
                <input
                  type="checkbox"
                  checked={mailSettings.email && mailSettings.emailAvailable}
                  disabled={!mailSettings.emailAvailable}
                  aria-describedby={`${panelId}-mail`}
                  onChange={async (event) => {
                    setError(null);
                    const email = event.currentTarget.checked;
                    try {
                      setMailSettings(await notificationsApi.setEmail(email));
                    } catch (caught) {
                      setError(errorMessage(caught));
                    }
                  }}
                />
                <span>E-mail me my notifications</span>
              </label>
              <p id={`${panelId}-mail`} className="user-menu-hint">
                {mailSettings.emailAvailable
                  ? "Now and then, a short e-mail listing the notifications you have not read yet."
                  : "This Accord server does not send e-mail."}
              </p>
            </>
          ) : null}
          <button
            type="button"
            className="button button-secondary button-block"
            onClick={() => {
              setOpen(false);
              // The dialog hands focus back to what had it when it opened: the account button.
              buttonRef.current?.focus();
              setChangingPassword(true);
            }}
          >
            Change password
          </button>
          <button
            type="button"
            className="button button-secondary button-block"
            onClick={async () => {
              setOpen(false);
              const unsent = unsentChangesOf(user.id);
              if (unsent > 0) setConfirmSignOut({ unsent, everywhere: false });
              else await signOut();
            }}
          >
            Log out
          </button>
          <button
            type="button"
            className="button button-secondary button-block"
            aria-describedby={`${panelId}-everywhere`}
            onClick={async () => {
              setError(null);
              const unsent = unsentChangesOf(user.id);
              if (unsent > 0) {
                setOpen(false);
                setConfirmSignOut({ unsent, everywhere: true });
              } else await signOutEverywhere();
            }}
          >
            Log out everywhere
          </button>
          <p id={`${panelId}-everywhere`} className="user-menu-hint">
            Ends every session of this account, on all devices and browsers.
          </p>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      </div>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
      <Dialog
        open={confirmSignOut !== null}
        onClose={() => setConfirmSignOut(null)}
        title="Sign out and discard unsaved changes?"
        description={
          confirmSignOut
            ? `${confirmSignOut.unsent === 1 ? "1 change" : `${confirmSignOut.unsent} changes`} on this device ${confirmSignOut.unsent === 1 ? "is" : "are"} not yet saved to the server. Signing out deletes ${confirmSignOut.unsent === 1 ? "it" : "them"} from this device. Stay signed in until the editor says "Saved" to keep ${confirmSignOut.unsent === 1 ? "it" : "them"}.`
            : undefined
        }
      >
        <div className="dialog-actions">
          <button
            type="button"
            className="button button-primary"
            data-autofocus
            onClick={() => setConfirmSignOut(null)}
          >
            Stay signed in
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={async () => {
              const everywhere = confirmSignOut?.everywhere ?? false;
              setConfirmSignOut(null);
              await (everywhere ? signOutEverywhere() : signOut());
            }}
          >
            Sign out and discard them
          </button>
        </div>
      </Dialog>
    </div>
  );
}
