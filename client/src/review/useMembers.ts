import { useEffect, useState } from "react";
import type { Api } from "../api/createApi";
import type { Member } from "../api/types";

/** The brief's members (for @mentions), refetched when `version` changes; empty until loaded or if it fails. */
export function useMembers(api: Api, briefId: string, version: number): Member[] {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    let current = true;
    api.members
      .list(briefId)
      .then(({ members: next }) => {
        if (current) setMembers([...next].sort((a, b) => a.name.localeCompare(b.name)));
      })
      // Mentions still work by typing the name; the list is only a help.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, briefId, version]);
  return members;
}
