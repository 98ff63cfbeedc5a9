import type { BodySpan, ClaimFigure, ClaimFinding } from "@accord/claims";
import type { ClaimCounts } from "@accord/protocol";

/**
 * A figure of a recommendation's body as the brief-wide pass reads it (@accord/claims'
 * `claimKeys`): what quantity it states (`key`), where, and in which sentence. Kept with the
 * check so that a change to one recommendation compares it with the others without reading
 * their bodies again.
 */
export interface StoredClaimKey {
  key: string;
  figure: ClaimFigure;
  at: BodySpan;
  sentence: string;
}

/**
 * The claim check of one recommendation's body as last computed (issue 19): its findings (its
 * own, then the brief-wide `inconsistent` ones), its figures' keys, and the counts of the
 * findings nobody ignored.
 */
export interface StoredClaimCheck {
  recommendationId: string;
  briefId: string;
  findings: ClaimFinding[];
  keys: StoredClaimKey[];
  counts: ClaimCounts;
  checkedAt: string;
}

/** A finding someone chose to ignore, with their reason; it outlives the finding (one that comes back stays ignored). */
export interface StoredClaimIgnore {
  recommendationId: string;
  findingId: string;
  reason: string;
  userId: string;
  createdAt: string;
}

export const emptyClaimCounts = (): ClaimCounts => ({ mismatch: 0, unsupported: 0, notFound: 0, inconsistent: 0 });
