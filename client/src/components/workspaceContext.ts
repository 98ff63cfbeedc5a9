import { createContext, useContext } from "react";
import type { Api } from "../api/createApi";
import type { BriefDetails, RecommendationView, Sector, SessionUser } from "../api/types";
import type { WorkspaceData } from "../api/useWorkspaceData";

/** What every screen inside one brief shares: the loaded data, the API, the user and the live channel. */
export interface Workspace extends Omit<WorkspaceData, "details" | "sectors" | "recommendations" | "loadError"> {
  api: Api;
  user: SessionUser;
  briefId: string;
  details: BriefDetails;
  sectors: Sector[];
  recommendations: RecommendationView[];
  watchRecommendation: (recommendationId: string) => () => void;
  /** Bumped on every member notification, so a members list knows to refetch. */
  membersVersion: number;
  /** Bumped whenever a report is imported (here or by someone else), so report and evidence lists refetch. */
  reportsVersion: number;
  /** Say that a report was imported from this window (the notification may come later, or not at all). */
  reportImported: () => void;
  /**
   * Bumped per recommendation whenever one of its threads or comments changed (here or
   * elsewhere), so its comments panel refetches. Absent means never.
   */
  reviewVersions: ReadonlyMap<string, number>;
  /** Say that the threads of a recommendation changed from this window (the notification may follow). */
  reviewChanged: (recommendationId: string) => void;
  /** Bumped on every new activity entry and status change, so feeds and the dashboard refetch. */
  activityVersion: number;
  /** Bumped whenever the brief's bibliography sources change (here or by someone else), so source lists refetch. */
  sourcesVersion: number;
  /** Bumped whenever a citation of the brief is created or its sources change, so lists of cited evidence refetch. */
  citationsVersion: number;
  /** Announce the outcome of an action to screen readers (and show it briefly). */
  announce: (message: string) => void;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useWorkspace must be used inside a brief workspace");
  return workspace;
}
