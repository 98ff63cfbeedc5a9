import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { BriefSource } from "./citationTypes";
import type { CitationsApi } from "./citationsApi";

export type BriefSourcesState = { status: "loading" } | { status: "loaded"; sources: BriefSource[] } | { status: "failed"; message: string };

/** The brief's bibliography sources; `version` refetches. */
export function useBriefSources(api: CitationsApi, briefId: string, version: string | number = 0): BriefSourcesState {
  const [state, setState] = useState<BriefSourcesState>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    api
      .sources(briefId, controller.signal)
      .then(({ sources }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", sources });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [api, briefId, version]);
  return state;
}
