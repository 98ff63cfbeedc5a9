import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import { fetchExportPreview, type ExportPreview, type ExportSelection } from "./exportApi";

export type PreviewState =
  | { status: "loading" }
  | { status: "ready"; preview: ExportPreview }
  | { status: "error"; message: string };

/** The preview for the current selection; a newer selection cancels the older request. */
export function useExportPreview(briefId: string, selection: ExportSelection): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: "loading" });
  const key = `${selection.allSectors ? "*" : selection.sectorIds.join(",")}|${selection.statuses.join(",")}`;
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    fetchExportPreview(briefId, selection, controller.signal).then(
      (preview) => {
        if (!controller.signal.aborted) setState({ status: "ready", preview });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
    // `key` stands for the selection's contents; the object itself is new on every render.
  }, [briefId, key]);
  return state;
}
