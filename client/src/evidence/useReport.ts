import { useEffect, useState } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import type { ReportDetails } from "../api/types";

export type ReportState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "loaded"; report: ReportDetails }
  | { status: "not_found" }
  | { status: "failed"; message: string };

/** One report with its pages and passages; `reportId` null means none is wanted. */
export function useReport(api: Api, briefId: string, reportId: string | null, version: string | number = 0): ReportState {
  const [state, setState] = useState<ReportState>({ status: "idle" });
  useEffect(() => {
    if (!reportId) {
      setState({ status: "idle" });
      return;
    }
    const controller = new AbortController();
    setState((current) => (current.status === "loaded" && current.report.id === reportId ? current : { status: "loading" }));
    api.reports
      .get(briefId, reportId, controller.signal)
      .then(({ report }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", report });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState(
          error instanceof ApiError && error.status === 404 ? { status: "not_found" } : { status: "failed", message: errorMessage(error) },
        );
      });
    return () => controller.abort();
  }, [api, briefId, reportId, version]);
  return state;
}
