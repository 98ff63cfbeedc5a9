import { useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { PendingInvite } from "@accord/protocol";
import { formatFullTime } from "../review/formatWhen";
import { Dialog } from "./Dialog";
import { ROLE_LABELS } from "./labels";
import { useWorkspace } from "./workspaceContext";

interface PendingInvitesProps {
  invites: PendingInvite[];
  onChanged: () => Promise<void>;
  onError: (message: string | null) => void;
}

/**
 * The brief's invite links that can still be used, for its leads: role, for whom, who made it
 * and until when; "Revoke" kills a link after a confirmation.
 */
export function PendingInvites({ invites, onChanged, onError }: PendingInvitesProps) {
  if (invites.length === 0) return <p className="muted">No invite links are waiting to be used.</p>;
  return (
    <table className="members-table" data-testid="pending-invites">
      <caption className="visually-hidden">Invite links not used yet</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">For</th>
          <th scope="col">Created by</th>
          <th scope="col">Expires</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {invites.map((invite) => (
          <PendingInviteRow key={invite.id} invite={invite} onChanged={onChanged} onError={onError} />
        ))}
      </tbody>
    </table>
  );
}

function PendingInviteRow({
  invite,
  onChanged,
  onError,
}: { invite: PendingInvite } & Omit<PendingInvitesProps, "invites">) {
  const { api, briefId, announce } = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const forWhom = invite.email ?? "anyone with the link";
  const expires = formatFullTime(invite.expiresAt);

  async function revoke() {
    setBusy(true);
    onError(null);
    try {
      await api.invites.revoke(briefId, invite.id);
      setConfirming(false);
      announce(`Invite link for ${forWhom} revoked.`);
      await onChanged();
    } catch (caught) {
      setConfirming(false);
      onError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid={`invite-${invite.id}`}>
      <td>
        {/* Not RoleBadge: that one says "Your role". */}
        <span className={`pill pill-role pill-role-${invite.role}`}>{ROLE_LABELS[invite.role]}</span>
      </td>
      <td className={invite.email ? undefined : "muted"}>{forWhom}</td>
      <td>{invite.createdBy.name}</td>
      <td>
        <time dateTime={invite.expiresAt}>{expires}</time>
      </td>
      <td className="actions-cell">
        <button
          type="button"
          className="button button-danger-quiet button-small"
          onClick={() => setConfirming(true)}
          disabled={busy}
        >
          Revoke<span className="visually-hidden"> the invite link for {forWhom}</span>
        </button>
        <Dialog
          open={confirming}
          title="Revoke this invite link?"
          description={`The link for ${forWhom} will stop working at once. You can create a new one later.`}
          onClose={() => setConfirming(false)}
        >
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
            <button type="button" className="button button-danger" onClick={() => void revoke()} disabled={busy}>
              {busy ? "Revoking…" : "Revoke link"}
            </button>
          </div>
        </Dialog>
      </td>
    </tr>
  );
}
