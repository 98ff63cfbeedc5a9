import { createHash, randomBytes } from "node:crypto";
import type { Role, User } from "@accord/domain";
import type { Store } from "../store/Store.js";

export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * An invite is a single-use link that expires after a week. Only its hash is
 * stored: the link itself exists only in what the lead copies and shares. With
 * `email`, only the account with that address can accept it.
 */
export async function createInvite(
  store: Store,
  actor: User,
  input: { briefId: string; role: Role; email?: string; publicUrl: string },
): Promise<{ id: string; token: string; url: string; email: string | null; expiresAt: string }> {
  const token = randomBytes(24).toString("base64url");
  const invite = await store.createInvite({
    tokenHash: hashInviteToken(token),
    briefId: input.briefId,
    role: input.role,
    email: input.email ?? null,
    createdBy: actor.id,
    expiresAt: new Date(Date.now() + INVITE_TTL_MS).toISOString(),
  });
  return {
    id: invite.id,
    token,
    url: `${input.publicUrl}/invite/${token}`,
    email: invite.email,
    expiresAt: invite.expiresAt,
  };
}
