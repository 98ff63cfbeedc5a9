import type { Brief, User } from "@accord/domain";
import type { Store } from "../store/Store.js";

export function createBrief(store: Store, actor: User, input: { title: string; description: string }): Promise<Brief> {
  return store.createBrief({ ...input, createdBy: actor.id });
}
