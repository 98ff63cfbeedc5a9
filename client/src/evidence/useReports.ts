import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import type { ReportSummary } from "../api/types";

export type ReportsState =
  | { status: "loading" }
  | { status: "loaded"; reports: ReportSummary[] }
  | { status: "failed"; message: string };

/** The brief's imported reports, refetched whenever `version` changes (a report was imported). */
export function useReports(api: Api, briefId: string, version: number): ReportsState {
  const [state, setState] = useState<ReportsState>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    api.reports
      .list(briefId, controller.signal)
      .then(({ reports }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", reports });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [api, briefId, version]);
  return state;
}
