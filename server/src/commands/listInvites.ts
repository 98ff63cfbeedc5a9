import type { Role } from "@accord/domain";
import { NotFoundError } from "../errors.js";
import type { Store } from "../store/Store.js";

export interface PendingInvite {
  id: string;
  role: Role;
  email: string | null;
  createdBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
}

/**
 * The brief's invites that can still be accepted, oldest first. Those whose maker is no longer
 * a lead are left out (the store deletes them when the role drops; this keeps the list honest
 * with an adapter that did so in a separate write).
 */
export async function listInvites(store: Store, briefId: string): Promise<PendingInvite[]> {
  const [invites, members] = await Promise.all([
    store.listPendingInvites(briefId, new Date().toISOString()),
    store.listMembers(briefId),
  ]);
  const leads = new Map(members.filter((m) => m.role === "lead").map((m) => [m.userId, m.name]));
  return invites.flatMap((invite) => {
    const name = leads.get(invite.createdBy);
    if (name === undefined) return [];
    return [
      {
        id: invite.id,
        role: invite.role,
        email: invite.email,
        createdBy: { id: invite.createdBy, name },
        createdAt: invite.createdAt,
        expiresAt: invite.expiresAt,
      },
    ];
  });
}

/** Revokes a pending invite: its link answers 404 from then on. */
export async function revokeInvite(store: Store, briefId: string, inviteId: string): Promise<void> {
  if (!(await store.deleteInvite(briefId, inviteId))) throw new NotFoundError("invite");
}
