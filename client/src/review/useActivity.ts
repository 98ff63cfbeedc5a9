import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { ActivityView } from "@accord/protocol";

export type ActivityState =
  | { status: "loading" }
  | { status: "loaded"; activity: ActivityView[] }
  | { status: "failed"; message: string };

/** A recommendation's activity, newest first; new activity in the brief refetches it. */
export function useActivity(api: Api, briefId: string, recommendationId: string): ActivityState {
  const query = useQuery({
    queryKey: queryKeys.activityOf(briefId, recommendationId),
    queryFn: async ({ signal }) =>
      (await api.activity.list(briefId, { recommendationId, limit: 100 }, signal)).activity,
  });
  const { isError, error, data } = query;
  return useMemo((): ActivityState => {
    if (isError) return { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", activity: data } : { status: "loading" };
  }, [isError, error, data]);
}
