import { useMemo } from "react";
import { createRequest } from "../api/request";
import { useSession } from "../components/SessionProvider";
import { createBibliographyApi, type BibliographyApi } from "./bibliographyApi";

/**
 * The bibliography calls, with the same rule as the app's own API: a 401 means the session
 * ended, and the app goes back to the login page.
 */
export function useBibliographyApi(): BibliographyApi {
  const { sessionEnded } = useSession();
  return useMemo(() => createBibliographyApi(createRequest({ onSessionEnded: () => sessionEnded("expired") })), [sessionEnded]);
}
