import { useMemo } from "react";
import { createBibliographyApi, type BibliographyApi } from "./bibliographyApi";
import { useApiRequest } from "./useApiRequest";

/** The bibliography's calls for this session. */
export function useBibliographyApi(): BibliographyApi {
  const request = useApiRequest();
  return useMemo(() => createBibliographyApi(request), [request]);
}
