import type { User } from "@accord/domain";
import { hashPassword } from "../auth/passwords.js";
import type { Store } from "../store/Store.js";

export async function signup(store: Store, input: { email: string; name: string; password: string }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  // A duplicate email is refused by the store's unique index (ConflictError naming `email`).
  return store.createUser({ email: input.email, name: input.name, passwordHash });
}
