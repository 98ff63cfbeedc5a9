import type { Invite, Role, User } from "@accord/domain";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import type { Store } from "../store/Store.js";
import type { CommandContext } from "./context.js";
import { hashInviteToken } from "./createInvite.js";
import { recordActivity } from "./recordActivity.js";

/** One answer for every dead link, so that a link's holder learns only that it no longer works. */
export class InviteNotValidError extends NotFoundError {
  constructor() {
    super("invite");
    this.message =
      "This invite link is no longer valid: it expired, was used or revoked, or whoever made it is no longer a lead of the brief.";
  }
}

/** An invite that can still be accepted: known, unused and not expired. */
export async function findOpenInvite(store: Store, token: string): Promise<Invite> {
  return findOpenInviteByHash(store, hashInviteToken(token));
}

/**
 * The invite, if it can still be accepted: known (not revoked), unused, not expired, and made
 * by someone who is a lead of its brief right now. The store already deletes a lead's pending
 * invites when they stop being one; checking the role here too means an invite is never worth
 * more than its inviter's current standing, whatever the adapter.
 */
export async function findOpenInviteByHash(store: Store, tokenHash: string): Promise<Invite> {
  const invite = await store.getInvite(tokenHash);
  if (!invite || invite.acceptedBy !== null || Date.parse(invite.expiresAt) <= Date.now())
    throw new InviteNotValidError();
  const inviter = await store.getMembership(invite.briefId, invite.createdBy);
  if (inviter?.role !== "lead") throw new InviteNotValidError();
  return invite;
}

/** An invite bound to an e-mail admits only the account (or signup) with that e-mail. */
export function assertInvitedEmail(invite: Invite, email: string): void {
  if (invite.email !== null && invite.email !== email.toLowerCase()) {
    throw new ForbiddenError(
      `This invite is for ${invite.email}, not ${email.toLowerCase()}: use the account with that e-mail address.`,
    );
  }
}

export async function acceptInvite(
  ctx: CommandContext,
  actor: User,
  token: string,
): Promise<{ briefId: string; role: Role }> {
  return joinByInvite(ctx, actor, await findOpenInvite(ctx.store, token));
}

/** Accepts an invite already found open (see findOpenInviteByHash) for `actor`. */
export async function joinByInvite(
  ctx: CommandContext,
  actor: User,
  invite: Invite,
): Promise<{ briefId: string; role: Role }> {
  const { store, notify } = ctx;
  assertInvitedEmail(invite, actor.email);
  const wasMember = (await store.getMembership(invite.briefId, actor.id)) !== null;
  const accepted = await store.acceptInvite(invite.tokenHash, actor.id);
  if (!accepted) throw new ConflictError("This invite has already been used.");
  // Someone already in the brief keeps their role: an invite never demotes.
  const membership = await store.getMembership(invite.briefId, actor.id);
  const role = membership?.role ?? invite.role;
  notify.memberUpdated(invite.briefId, actor.id, role);
  // Only a new member joined; a member who opens another link changes nothing worth logging.
  if (!wasMember) {
    await recordActivity(ctx, {
      briefId: invite.briefId,
      recommendationId: null,
      actorId: actor.id,
      type: "member.joined",
      data: { userId: actor.id, name: actor.name, role },
    });
  }
  return { briefId: invite.briefId, role };
}
