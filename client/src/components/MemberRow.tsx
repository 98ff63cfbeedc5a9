import type { Role } from "@accord/domain";
import { useId, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Member } from "@accord/protocol";
import { Dialog } from "./Dialog";
import { ROLE_LABELS, ROLE_OPTIONS } from "./labels";
import { RoleBadge } from "./RoleBadge";
import { useBriefDetails, useWorkspace } from "./workspaceContext";

interface MemberRowProps {
  member: Member;
  onChanged: () => Promise<void>;
  onError: (message: string | null) => void;
}

export function MemberRow({ member, onChanged, onError }: MemberRowProps) {
  const { api, briefId, user, announce } = useWorkspace();
  const details = useBriefDetails();
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const selectId = useId();
  const isSelf = member.userId === user.id;
  // Changing your own role or removing yourself is left to another lead, so no one locks themselves out by accident.
  const canManage = details.abilities.manageMembers && !isSelf;

  async function setRole(role: Role) {
    setBusy(true);
    onError(null);
    try {
      await api.members.setRole(briefId, member.userId, role);
      announce(`${member.name} is now ${ROLE_LABELS[role].toLowerCase()}.`);
      await onChanged();
    } catch (caught) {
      onError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    onError(null);
    try {
      await api.members.remove(briefId, member.userId);
      setConfirmRemove(false);
      announce(`${member.name} removed from the brief.`);
      await onChanged();
    } catch (caught) {
      setConfirmRemove(false);
      onError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid={`member-${member.email}`}>
      <td>
        {member.name}
        {isSelf ? <span className="muted"> (you)</span> : null}
      </td>
      <td className="muted">{member.email}</td>
      <td>
        {canManage ? (
          <>
            <label htmlFor={selectId} className="visually-hidden">
              Role of {member.name}
            </label>
            <select
              id={selectId}
              value={member.role}
              disabled={busy}
              onChange={(event) => void setRole(event.target.value as Role)}
            >
              {ROLE_OPTIONS.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </>
        ) : (
          <RoleBadge role={member.role} />
        )}
      </td>
      {details.abilities.manageMembers ? (
        <td className="actions-cell">
          {canManage ? (
            <button
              type="button"
              className="button button-danger-quiet button-small"
              onClick={() => setConfirmRemove(true)}
              disabled={busy}
            >
              Remove<span className="visually-hidden"> {member.name}</span>
            </button>
          ) : null}
          <Dialog
            open={confirmRemove}
            onClose={() => setConfirmRemove(false)}
            title={`Remove ${member.name}?`}
            description="They lose access to this brief at once, including any document they have open."
          >
            <div className="dialog-actions">
              <button type="button" className="button button-secondary" onClick={() => setConfirmRemove(false)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" onClick={remove} disabled={busy}>
                Remove from brief
              </button>
            </div>
          </Dialog>
        </td>
      ) : null}
    </tr>
  );
}
