import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import type { Dashboard } from "../api/types";

export type DashboardState = { status: "loading" } | { status: "loaded"; dashboard: Dashboard } | { status: "failed"; message: string };

/** The brief's dashboard, refetched whenever `version` changes; the last good answer stays while a refetch runs. */
export function useDashboard(api: Api, briefId: string, version: unknown): DashboardState {
  const [state, setState] = useState<DashboardState>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    api.dashboard
      .get(briefId, controller.signal)
      .then((dashboard) => {
        if (!controller.signal.aborted) setState({ status: "loaded", dashboard });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [api, briefId, version]);
  return state;
}
