import type { Recommendation } from "@accord/domain";
import { newId } from "./ids.js";
import type { NewRecommendation } from "./Store.js";

/**
 * A recommendation as it is created, in either adapter: a draft at `position` (which the
 * adapter reads and writes atomically), citing nothing, created and updated at `at`.
 */
export function newRecommendation(input: NewRecommendation, position: number, at: string): Recommendation {
  return {
    id: newId(),
    ...input,
    status: "draft",
    position,
    citedEvidenceIds: [],
    citationIds: [],
    createdAt: at,
    updatedAt: at,
  };
}
