import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { ReportSummary } from "@accord/protocol";

export type ReportsState =
  | { status: "loading" }
  | { status: "loaded"; reports: ReportSummary[] }
  | { status: "failed"; message: string };

/** The brief's imported reports; a report's import, edit or deletion (here or elsewhere) refetches them. */
export function useReports(api: Api, briefId: string): ReportsState {
  const query = useQuery({
    queryKey: queryKeys.reportList(briefId),
    queryFn: async ({ signal }) => (await api.reports.list(briefId, signal)).reports,
  });
  const { isError, error, data } = query;
  return useMemo((): ReportsState => {
    if (isError) return { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", reports: data } : { status: "loading" };
  }, [isError, error, data]);
}
