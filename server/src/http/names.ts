import type { Store } from "../store/Store.js";

/**
 * Display names for the users a response mentions: the brief's members, and for anyone no
 * longer a member (an author who left) their account's name.
 */
export async function loadNames(
  store: Store,
  briefId: string,
  userIds: Iterable<string>,
): Promise<(userId: string) => string> {
  const names = new Map((await store.listMembers(briefId)).map((m) => [m.userId, m.name]));
  for (const userId of new Set(userIds)) {
    if (names.has(userId)) continue;
    const user = await store.getUser(userId);
    names.set(userId, user?.name ?? "Former member");
  }
  return (userId) => names.get(userId) ?? "Former member";
}
