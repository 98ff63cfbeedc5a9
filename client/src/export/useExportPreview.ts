import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import { type ExportPreview, type ExportSelection, fetchExportPreview } from "./exportApi";

export type PreviewState =
  | { status: "loading" }
  | { status: "ready"; preview: ExportPreview }
  | { status: "error"; message: string };

/** The preview for the current selection; a newer selection cancels the older request. */
export function useExportPreview(briefId: string, selection: ExportSelection): PreviewState {
  // The selection's contents: the object itself is new on every render.
  const key = `${selection.allSectors ? "*" : selection.sectorIds.join(",")}|${selection.statuses.join(",")}`;
  const query = useQuery({
    queryKey: queryKeys.exportPreview(briefId, key),
    queryFn: ({ signal }) => fetchExportPreview(briefId, selection, signal),
  });
  if (query.data !== undefined) return { status: "ready", preview: query.data };
  if (query.isError) return { status: "error", message: errorMessage(query.error) };
  return { status: "loading" };
}
