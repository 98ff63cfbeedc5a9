import { useQuery } from "@tanstack/react-query";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { Member } from "@accord/protocol";

const NONE: Member[] = [];

/** The brief's members by name, as a query shared by every screen that lists them. */
export function membersQuery(api: Api, briefId: string) {
  return {
    queryKey: queryKeys.members(briefId),
    queryFn: async () => [...(await api.members.list(briefId)).members].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The brief's members (for @mentions and names); empty until loaded or if it fails. */
export function useMembers(api: Api, briefId: string): Member[] {
  // Mentions still work by typing the name; the list is only a help.
  return useQuery(membersQuery(api, briefId)).data ?? NONE;
}
