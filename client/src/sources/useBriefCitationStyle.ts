import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
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
  const query = useQuery({
    queryKey: queryKeys.citationStyle(briefId, briefChangedAt),
    queryFn: ({ signal }) => bibliography.getStyle(briefId, signal),
    placeholderData: keepPreviousData,
  });
  if (query.data !== undefined) return { status: "loaded", style: query.data };
  if (query.isError) return { status: "failed", message: errorMessage(query.error) };
  return { status: "loading" };
}
