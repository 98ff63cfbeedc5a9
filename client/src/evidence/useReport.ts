import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { ReportDetails } from "@accord/protocol";

export type ReportState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "loaded"; report: ReportDetails }
  | { status: "not_found" }
  | { status: "failed"; message: string };

/**
 * One report with its pages and passages; `reportId` null means none is wanted. Refetched when
 * the reports change and when recommendations do (a passage says which ones cite it).
 */
export function useReport(api: Api, briefId: string, reportId: string | null): ReportState {
  const query = useQuery({
    queryKey: queryKeys.report(briefId, reportId ?? ""),
    queryFn: async ({ signal }) => (await api.reports.get(briefId, reportId ?? "", signal)).report,
    enabled: reportId !== null && reportId !== "",
  });
  const { isError, error, data } = query;
  return useMemo((): ReportState => {
    if (!reportId) return { status: "idle" };
    // A failure replaces what was shown: a report deleted meanwhile is gone, not stale.
    if (isError)
      return error instanceof ApiError && error.status === 404
        ? { status: "not_found" }
        : { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", report: data } : { status: "loading" };
  }, [reportId, isError, error, data]);
}
