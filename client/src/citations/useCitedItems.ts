import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { CitedItem } from "./citationTypes";
import type { CitationsApi } from "./citationsApi";

export type CitedItemsState =
  | { status: "loading"; previous: CitedItem[] | null }
  | { status: "loaded"; citations: CitedItem[] }
  | { status: "failed"; message: string };

/**
 * What a recommendation's stored body cites, in body order. `version` refetches: the
 * recommendation's `updatedAt` (the server's citation tracker bumps it when the body's
 * citations change) and saves made from this window.
 */
export function useCitedItems(api: CitationsApi, briefId: string, recommendationId: string, version: string): CitedItemsState {
  const [state, setState] = useState<CitedItemsState>({ status: "loading", previous: null });
  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({
      status: "loading",
      previous: current.status === "loaded" ? current.citations : current.status === "loading" ? current.previous : null,
    }));
    api
      .ofRecommendation(briefId, recommendationId, controller.signal)
      .then(({ citations }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", citations });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [api, briefId, recommendationId, version]);
  return state;
}
