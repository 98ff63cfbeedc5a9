import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { Dashboard } from "@accord/protocol";

export type DashboardState =
  | { status: "loading" }
  | { status: "loaded"; dashboard: Dashboard }
  | { status: "failed"; message: string };

/**
 * The brief's dashboard, refetched when recommendations, sectors, threads or activity change;
 * the last good answer stays while a refetch runs.
 */
export function useDashboard(api: Api, briefId: string): DashboardState {
  const query = useQuery({
    queryKey: queryKeys.dashboard(briefId),
    queryFn: ({ signal }) => api.dashboard.get(briefId, signal),
  });
  const { isError, error, data } = query;
  return useMemo((): DashboardState => {
    if (isError) return { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", dashboard: data } : { status: "loading" };
  }, [isError, error, data]);
}
