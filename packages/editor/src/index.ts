export { accordExtensions } from "./accordExtensions.js";
export { Citation, citationAttributes, type CitationReference } from "./Citation.js";
export {
  CITATION_NODE,
  isCitationId,
  isEvidenceId,
  numberCitations,
  type NumberedCitation,
} from "./citationNumbers.js";
export {
  CitationNumbering,
  citationNumberFrom,
  citationNumberingKey,
  type CitationNumberSpec,
} from "./CitationNumbering.js";
export { CitationShortcuts, type CitationShortcutsOptions } from "./CitationShortcuts.js";
export { EVIDENCE_DRAG_TYPE, EvidenceDrop, type EvidenceDropOptions } from "./evidenceDrop.js";
export { isSafeHref, SAFE_LINK_PROTOCOLS } from "./safeHref.js";
export { BodyReader, BODY_FRAGMENT_NAME } from "./readBody.js";
export {
  anchorFromRange,
  quoteOf,
  rangeOfAnchor,
  yBindingOf,
  type CommentAnchor,
  type YBinding,
} from "./commentAnchors.js";
export {
  CommentHighlights,
  commentHighlightsKey,
  isCommentShortcut,
  type CommentHighlightsOptions,
  type CommentHighlightSpec,
  type HighlightedThread,
} from "./CommentHighlights.js";
export { findQuoteNear, normalizeQuote, reattachRadius, REATTACH_DISTANCE } from "./quoteNear.js";
export {
  countSuggestions,
  isSuggestionAttributes,
  listSuggestions,
  newSuggestionId,
  SUGGESTION_DELETE,
  SUGGESTION_ID_PATTERN,
  SUGGESTION_INSERT,
  SUGGESTION_MARKS,
  SuggestionDelete,
  SuggestionInsert,
  type SuggestionAttributes,
  type SuggestionMarkName,
  type SuggestionSummary,
} from "./suggestions.js";
export { SuggestionMode, type SuggestionModeOptions } from "./SuggestionMode.js";
export {
  BLOCKED_FORMATTING,
  BLOCKED_INLINE_NODE,
  BLOCKED_STRUCTURE,
  hasSuggestion,
  resolveSuggestions,
  SUGGESTION_SKIP,
  suggestionModeKey,
  suggestionModePlugin,
  type SuggestionModeSettings,
} from "./suggestionEdits.js";
export {
  diffVersions,
  LEAF_TEXT,
  MAX_FINE_DIFF_TOKENS,
  type VersionChange,
  type VersionChangeKind,
  type VersionDiff,
} from "./versionDiff.js";
export {
  CLAIM_CLASSES,
  claimAt,
  claimDecorations,
  ClaimHighlights,
  claimHighlightsKey,
  claimHighlightsPlugin,
  claimRange,
  claimRangeOf,
  isClaimCardShortcut,
  textblockPositions,
  textblockText,
  type ClaimHighlightKind,
  type ClaimHighlightsOptions,
  type ClaimHighlightSpec,
  type ClaimSpan,
  type HighlightedClaim,
} from "./ClaimHighlights.js";
export { claimSentence, type ClaimSentence } from "./claimSentence.js";
