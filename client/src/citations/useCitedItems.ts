import { useEffect, useRef, useState } from "react";
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
 * citations change), saves made from this window and other members' `citation.updated`.
 * The last list stays shown while the same recommendation's list is asked again, never
 * another recommendation's.
 */
export function useCitedItems(api: CitationsApi, briefId: string, recommendationId: string, version: string): CitedItemsState {
  const [state, setState] = useState<CitedItemsState>({ status: "loading", previous: null });
  const shownFor = useRef(recommendationId);
  useEffect(() => {
    const controller = new AbortController();
    const same = shownFor.current === recommendationId;
    shownFor.current = recommendationId;
    setState((current) => ({
      status: "loading",
      previous: !same ? null : current.status === "loaded" ? current.citations : current.status === "loading" ? current.previous : null,
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

/** The citations listed so far (the last list while the next loads); null before the first answer. */
export function citedItemsOf(state: CitedItemsState): CitedItem[] | null {
  return state.status === "loaded" ? state.citations : state.status === "loading" ? state.previous : null;
}
