import type { Invite, Role, User } from "@accord/domain";
import { ConflictError, NotFoundError } from "../errors.js";
import type { Store } from "../store/Store.js";
import type { CommandContext } from "./context.js";
import { hashInviteToken } from "./createInvite.js";

/** An invite that can still be accepted: known, unused and not expired. */
export async function findOpenInvite(store: Store, token: string): Promise<Invite> {
  const invite = await store.getInvite(hashInviteToken(token));
  if (!invite || invite.acceptedBy !== null || Date.parse(invite.expiresAt) <= Date.now()) {
    throw new NotFoundError("invite (it may have expired or been used already)");
  }
  return invite;
}

export async function acceptInvite(
  { store, notify }: CommandContext,
  actor: User,
  token: string,
): Promise<{ briefId: string; role: Role }> {
  const invite = await findOpenInvite(store, token);
  const accepted = await store.acceptInvite(invite.tokenHash, actor.id);
  if (!accepted) throw new ConflictError("This invite has already been used.");
  // Someone already in the brief keeps their role: an invite never demotes.
  const membership = await store.getMembership(invite.briefId, actor.id);
  const role = membership?.role ?? invite.role;
  notify.memberUpdated(invite.briefId, actor.id, role);
  return { briefId: invite.briefId, role };
}
