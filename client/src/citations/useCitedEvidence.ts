import { useMemo } from "react";
import { createCitationsApi, type CitationsApi } from "./citationsApi";
import { citedItemsOf, useCitedItems, type CitedItemsState } from "./useCitedItems";

/** A recommendation's cited evidence, fetched once for the list beside the editor and its tab's count. */
export interface CitedEvidence {
  api: CitationsApi;
  state: CitedItemsState;
  /** Citations whose sources were never chosen; null until the list first loads. */
  unsourced: number | null;
}

/**
 * Held by the recommendation view rather than by the list, so that the side panel's tab can
 * count the citations without sources while another tab is open (see `useCitedItems` for when
 * it is refetched).
 */
export function useCitedEvidence(briefId: string, recommendationId: string): CitedEvidence {
  const api = useMemo(() => createCitationsApi(), []);
  const state = useCitedItems(api, briefId, recommendationId);
  const items = citedItemsOf(state);
  const unsourced = items ? items.filter((item) => !item.sourcesChosen).length : null;
  return useMemo(() => ({ api, state, unsourced }), [api, state, unsourced]);
}
