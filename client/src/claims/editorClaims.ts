import type { HighlightedClaim } from "@accord/editor";
import type { ClaimFindingView } from "@accord/protocol";

/** The claim check's side of the editor (issue 19): the underlines, which card is open, and what the card does. */
export interface EditorClaims {
  /** Every finding of the recommendation, ignored ones included (they are not underlined). */
  findings: readonly ClaimFindingView[];
  /** The finding whose card is open, or null. */
  openId: string | null;
  /**
   * Whether the open card takes the focus: opened from the keyboard (Alt+Enter, the Figures tab)
   * it does; opened by a click in the text it does not, so typing goes on where it was.
   */
  focusCard: boolean;
  onOpen: (findingId: string | null, options?: { focus: boolean }) => void;
  /** Editors and leads: "Ignore…" and "Un-ignore" (the server checks it again). */
  canIgnore: boolean;
  onIgnore: (finding: ClaimFindingView, reason: string) => Promise<void>;
  onUnignore: (finding: ClaimFindingView) => Promise<void>;
  /** Another recommendation's title, for a figure stated differently there. */
  titleOf: (recommendationId: string) => string | null;
}

/** What the text underlines: the open findings only (an ignored one is listed, greyed, in the Figures tab). */
export function highlightedClaims(findings: readonly ClaimFindingView[]): HighlightedClaim[] {
  return findings
    .filter((finding) => finding.ignored === null)
    .map((finding) => ({ id: finding.id, kind: finding.kind, raw: finding.figure.raw, at: finding.at }));
}
