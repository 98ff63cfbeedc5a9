import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { BibliographyApi } from "./bibliographyApi";
import type { BriefCitationStyle } from "./sourceTypes";

export type BriefCitationStyleState =
  | { status: "loading" }
  | { status: "loaded"; style: BriefCitationStyle }
  | { status: "failed"; message: string };

/**
 * The brief's citation style with its title, the uploaded file's own title included (which the
 * brief itself does not carry); refetched whenever `briefChangedAt` changes, since a new upload
 * changes the brief but not its `citationStyle` ("custom" either way). The last answer is kept meanwhile.
 */
export function useBriefCitationStyle(
  bibliography: BibliographyApi,
  briefId: string,
  briefChangedAt: string,
): BriefCitationStyleState {
  const [state, setState] = useState<BriefCitationStyleState>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    bibliography.getStyle(briefId, controller.signal).then(
      (style) => {
        if (!controller.signal.aborted) setState({ status: "loaded", style });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [bibliography, briefId, briefChangedAt]);
  return state;
}
