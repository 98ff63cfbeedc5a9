import { useEffect, useState } from "react";
import type { WebsocketProvider } from "y-websocket";

export interface PresentUser {
  userId: string;
  name: string;
  color: string;
  isSelf: boolean;
}

/** Awareness `user` fields are set by peers: keep only well-formed ones. */
function readUser(state: unknown): { userId: string; name: string; color: string } | null {
  if (typeof state !== "object" || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== "object" || user === null) return null;
  const { userId, name, color } = user as Record<string, unknown>;
  if (typeof userId !== "string" || typeof name !== "string") return null;
  return {
    userId,
    name: name.slice(0, 100),
    color: typeof color === "string" && /^#[0-9a-f]{6}$/i.test(color) ? color : "#5f6b76",
  };
}

/** Who has this document open right now, one entry per person (several tabs count once), you first. */
export function usePresence(provider: WebsocketProvider | null): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>([]);

  useEffect(() => {
    if (!provider) {
      setUsers([]);
      return;
    }
    const awareness = provider.awareness;
    const update = () => {
      const byUser = new Map<string, PresentUser>();
      for (const [clientId, state] of awareness.getStates()) {
        const user = readUser(state);
        if (!user) continue;
        const isSelf = clientId === awareness.clientID;
        const existing = byUser.get(user.userId);
        if (!existing || isSelf) byUser.set(user.userId, { ...user, isSelf: isSelf || (existing?.isSelf ?? false) });
      }
      setUsers(
        [...byUser.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name)),
      );
    };
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [provider]);

  return users;
}
