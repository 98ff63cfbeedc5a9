import { useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { briefQueries } from "../api/briefQueries";
import type { Api } from "../api/createApi";
import type { BriefDetails, RecommendationView, Sector, SessionUser } from "@accord/protocol";

/**
 * What every screen inside one brief shares that is not server state: which brief, who is reading,
 * the live channel's room joins and the screen reader's announcements. The brief's data is read
 * from the query cache where it is needed (useBriefDetails, useSectors, useRecommendations).
 */
export interface Workspace {
  api: Api;
  user: SessionUser;
  briefId: string;
  watchRecommendation: (recommendationId: string) => () => void;
  /** Announce the outcome of an action to screen readers (and show it briefly). */
  announce: (message: string) => void;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useWorkspace must be used inside a brief workspace");
  return workspace;
}

/** The workspace renders its screens only once these three have loaded, so inside it they are always there. */
function loaded<T>(data: T | undefined, what: string): T {
  if (data === undefined) throw new Error(`The brief's ${what} are read before they loaded`);
  return data;
}

export function useBriefDetails(): BriefDetails {
  const { api, briefId } = useWorkspace();
  return loaded(useQuery(briefQueries.details(api, briefId)).data, "details");
}

export function useSectors(): Sector[] {
  const { api, briefId } = useWorkspace();
  return loaded(useQuery(briefQueries.sectors(api, briefId)).data, "sectors");
}

export function useRecommendations(): RecommendationView[] {
  const { api, briefId } = useWorkspace();
  return loaded(useQuery(briefQueries.recommendations(api, briefId)).data, "recommendations");
}
