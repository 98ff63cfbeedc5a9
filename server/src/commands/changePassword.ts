import type { User } from "@accord/domain";
import { checkNewPassword } from "../auth/passwordPolicy.js";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import type { Sessions } from "../auth/Sessions.js";
import { NotFoundError, ValidationError } from "../errors.js";
import type { Store } from "../store/Store.js";

/**
 * Replaces the user's password once they proved they know the current one, then ends every other
 * session of theirs (someone who learnt the old password may hold one) and closes its sockets.
 * The session that asked stays: the person changing it is the one who should stay logged in.
 * Wrong current password: 400 naming `currentPassword` (not 401, which would read as "logged out").
 * Answers how many other sessions ended.
 */
export async function changePassword(
  store: Store,
  sessions: Sessions,
  actor: { user: User; sessionHash: string },
  input: { currentPassword: string; newPassword: string },
): Promise<number> {
  const { user } = actor;
  const found = await store.findUserByEmail(user.email);
  if (!found || found.id !== user.id) throw new NotFoundError("user");
  if (!(await verifyPassword(input.currentPassword, found.passwordHash))) {
    throw new ValidationError("That is not your current password.", "currentPassword");
  }
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError("The new password is the same as the current one.", "newPassword");
  }
  await checkNewPassword(input.newPassword, { email: user.email, name: user.name }, "newPassword");
  await store.setPasswordHash(user.id, await hashPassword(input.newPassword));
  return sessions.endAllOfUser(user.id, "password-changed", actor.sessionHash);
}
