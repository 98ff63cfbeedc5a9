import type { User } from "@accord/domain";
import { verifyPassword } from "../auth/passwords.js";
import { UnauthenticatedError } from "../errors.js";
import type { Store } from "../store/Store.js";

const LOGIN_FAILED = "That email and password do not match an account.";

/**
 * One message and the same work for an unknown email and a wrong password, so
 * that neither the answer nor its timing tells whether an account exists.
 */
export async function login(
  store: Store,
  dummyHash: string,
  input: { email: string; password: string },
): Promise<User> {
  const found = await store.findUserByEmail(input.email);
  const valid = await verifyPassword(input.password, found?.passwordHash ?? dummyHash);
  if (!found || !valid) throw new UnauthenticatedError(LOGIN_FAILED);
  const { passwordHash: _hash, ...user } = found;
  return user;
}
