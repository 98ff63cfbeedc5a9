import type { SuggestionSummary } from "@accord/editor";
import { useSyncExternalStore } from "react";
import type { SuggestionsTarget } from "./suggestionTypes";

const NONE: readonly SuggestionSummary[] = [];
const nothing = () => () => {};
const none = () => NONE;

/** The body's open suggestions as the editor has them now (none until it is there). */
export function useSuggestions(target: SuggestionsTarget | null): readonly SuggestionSummary[] {
  return useSyncExternalStore(target?.subscribe ?? nothing, target?.getSnapshot ?? none);
}
