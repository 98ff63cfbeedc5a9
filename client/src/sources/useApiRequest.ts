import { useMemo } from "react";
import { createRequest, type Request } from "../api/request";
import { useSession } from "../components/SessionProvider";

/**
 * The app's `request` for calls declared outside the shared API (the bibliography, the cited
 * evidence), with its rule: a 401 means the session ended and the app returns to the login page.
 */
export function useApiRequest(): Request {
  const { sessionEnded } = useSession();
  return useMemo(() => createRequest({ onSessionEnded: () => sessionEnded("expired") }), [sessionEnded]);
}
