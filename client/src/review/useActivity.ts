import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import type { ActivityView } from "../api/types";

export type ActivityState =
  | { status: "loading" }
  | { status: "loaded"; activity: ActivityView[] }
  | { status: "failed"; message: string };

/** A recommendation's activity, newest first, refetched whenever `version` changes. */
export function useActivity(api: Api, briefId: string, recommendationId: string, version: number): ActivityState {
  const [state, setState] = useState<ActivityState>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    api.activity
      .list(briefId, { recommendationId, limit: 100 }, controller.signal)
      .then(({ activity }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", activity });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [api, briefId, recommendationId, version]);
  return state;
}
