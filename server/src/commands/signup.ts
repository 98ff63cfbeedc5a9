import { createHash, randomBytes } from "node:crypto";
import type { Invite, Role, User } from "@accord/domain";
import { checkNewPassword } from "../auth/passwordPolicy.js";
import { hashPassword } from "../auth/passwords.js";
import { ConflictError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { MailMessage, Mailer } from "../mail/Mailer.js";
import { existingAccountMail, signupConfirmationMail } from "../mail/messages.js";
import type { CommandContext } from "./context.js";
import { assertInvitedEmail, findOpenInvite, joinByInvite } from "./acceptInvite.js";
import { assertAdmitted, type SignupPolicy } from "./signupPolicy.js";

/**
 * Said for a taken e-mail when no mail can be sent (see README, "Who may sign up"): it does
 * not say that an account exists, though its difference from a success does.
 */
export const SIGNUP_REFUSED =
  "We could not create an account with these details. If you have signed up before, log in instead.";

export interface SignupDeps {
  ctx: CommandContext;
  policy: SignupPolicy;
  /** Null: no SMTP, so the account is created at once. */
  mailer: Mailer | null;
  publicUrl: () => string;
  /** How long an e-mailed confirmation link works. */
  emailLinkTtlMs: number;
  logger: Logger;
}

export interface SignupInput {
  email: string;
  name: string;
  password: string;
  inviteToken?: string | undefined;
}

export type Joined = { briefId: string; role: Role } | null;
export type SignupOutcome = { kind: "created"; user: User; joined: Joined } | { kind: "confirm_email" };

export function hashEmailToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Creates an account, or (with a mailer) mails a confirmation link and answers the same
 * whether or not the e-mail already has an account: the existing account's owner gets a mail
 * saying so instead. Every check that can refuse (invite, policy, password) runs before the
 * store is asked about the e-mail, so no refusal depends on it.
 */
export async function signup(deps: SignupDeps, input: SignupInput): Promise<SignupOutcome> {
  const { ctx, policy, mailer } = deps;
  const invite = input.inviteToken === undefined ? null : await findOpenInvite(ctx.store, input.inviteToken);
  if (invite) assertInvitedEmail(invite, input.email);
  assertAdmitted(policy, input.email, invite);
  await checkNewPassword(input.password, { email: input.email, name: input.name }, "password");
  // Hashed in both branches below, so that neither answers measurably sooner.
  const passwordHash = await hashPassword(input.password);

  if (mailer) {
    await requestConfirmation(deps, mailer, { ...input, passwordHash }, invite);
    return { kind: "confirm_email" };
  }
  let user: User;
  try {
    user = await ctx.store.createUser({ email: input.email, name: input.name, passwordHash });
  } catch (error) {
    if (error instanceof ConflictError) throw new ConflictError(SIGNUP_REFUSED);
    throw error;
  }
  return { kind: "created", user, joined: await joinIfOpen(ctx, user, invite, deps.logger) };
}

async function requestConfirmation(
  deps: SignupDeps,
  mailer: Mailer,
  input: SignupInput & { passwordHash: string },
  invite: Invite | null,
): Promise<void> {
  const { ctx, publicUrl, logger } = deps;
  const existing = await ctx.store.findUserByEmail(input.email);
  let mail: MailMessage;
  if (existing) {
    mail = existingAccountMail({
      to: input.email,
      loginLink: `${publicUrl()}/login`,
      inviteLink: input.inviteToken === undefined ? null : `${publicUrl()}/invite/${input.inviteToken}`,
    });
  } else {
    const token = randomBytes(24).toString("base64url");
    await ctx.store.createSignupRequest({
      tokenHash: hashEmailToken(token),
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      inviteTokenHash: invite?.tokenHash ?? null,
      expiresAt: new Date(Date.now() + deps.emailLinkTtlMs).toISOString(),
    });
    mail = signupConfirmationMail({
      to: input.email,
      name: input.name,
      link: `${publicUrl()}/confirm#${token}`,
      ttlHours: Math.round((deps.emailLinkTtlMs / 3_600_000) * 10) / 10,
    });
  }
  // Sent after answering: the SMTP round trip differs between the two mails and must not show
  // in the answer's timing. A failure is logged by the mailer (without the link).
  void mailer.send(mail).catch(() => logger.warn("a signup mail was not sent"));
}

/**
 * Joins the new account to the brief of the invite it signed up with. The account exists by
 * now; if the invite was used or revoked in the meantime, it simply joins nothing.
 */
export async function joinIfOpen(
  ctx: CommandContext,
  user: User,
  invite: Invite | null,
  logger: Logger,
): Promise<Joined> {
  if (!invite) return null;
  try {
    return await joinByInvite(ctx, user, invite);
  } catch (error) {
    logger.info({ err: error }, "a new account's invite could not be accepted");
    return null;
  }
}
