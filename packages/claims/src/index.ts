export * from "./types.js";
export { readClaimFigures } from "./figures.js";
export { splitSentences, sentenceText, CITE_MARK, type Sentence, type Cite } from "./sentences.js";
export { agrees, comparableClass } from "./agree.js";
export { checkClaims, bodyFigures, findingId, type CheckClaimsInput, type BodyFigure } from "./checkClaims.js";
export { ReportFigureIndex } from "./ReportFigureIndex.js";
export { ClaimMemo } from "./ClaimMemo.js";
export { claimKeys, inconsistencies, type ClaimKey } from "./consistency.js";
export * from "./limits.js";
