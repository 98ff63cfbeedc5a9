import type { User } from "@accord/domain";
import { ConflictError, NotFoundError } from "../errors.js";
import type { Invite } from "@accord/domain";
import { findOpenInviteByHash } from "./acceptInvite.js";
import { hashEmailToken, joinIfOpen, type Joined, type SignupDeps } from "./signup.js";
import { assertAdmitted } from "./signupPolicy.js";

export class ConfirmationNotValidError extends NotFoundError {
  constructor() {
    super("confirmation");
    this.message =
      "This confirmation link is no longer valid: it was used already or it expired. Sign up again to get a new one.";
  }
}

/**
 * Follows an e-mailed confirmation link: the account is created now, from the signup stored
 * with the link. Taking the request deletes it, so a link works once even when the rest fails.
 * The policy is checked again: the invite may have been revoked, or the settings changed,
 * since the mail was sent.
 */
export async function confirmSignup(
  deps: Pick<SignupDeps, "ctx" | "policy" | "logger">,
  token: string,
): Promise<{ user: User; joined: Joined }> {
  const { ctx, policy, logger } = deps;
  const request = await ctx.store.takeSignupRequest(hashEmailToken(token));
  if (!request || Date.parse(request.expiresAt) <= Date.now()) throw new ConfirmationNotValidError();
  let invite: Invite | null = null;
  if (request.inviteTokenHash !== null)
    invite = await findOpenInviteByHash(ctx.store, request.inviteTokenHash).catch(() => null);
  assertAdmitted(policy, request.email, invite);
  let user: User;
  try {
    user = await ctx.store.createUser({ email: request.email, name: request.name, passwordHash: request.passwordHash });
  } catch (error) {
    // Whoever follows the link reads this address's mail: telling them is no leak.
    if (error instanceof ConflictError)
      throw new ConflictError("An account with this e-mail address exists already: log in instead.");
    throw error;
  }
  return { user, joined: await joinIfOpen(ctx, user, invite, logger) };
}
