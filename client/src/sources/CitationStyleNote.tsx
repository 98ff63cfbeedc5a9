import type { BibliographyApi } from "./bibliographyApi";
import { CUSTOM_STYLE_ID } from "./sourceTypes";
import { useBriefCitationStyle, type BriefCitationStyleState } from "./useBriefCitationStyle";
import { customStyleName } from "./useCitationStyles";

interface CitationStyleNoteProps {
  bibliography: BibliographyApi;
  briefId: string;
  /** The brief's `citationStyle`, named while its title loads (or if it cannot be). */
  styleId: string;
  /** The brief's `updatedAt`: a new upload changes it, and the title is asked again. */
  briefChangedAt: string;
  canChange: boolean;
}

/** "Citation style: Chicago …": the brief's citation style, read-only, with who may change it. */
export function CitationStyleNote({
  bibliography,
  briefId,
  styleId,
  briefChangedAt,
  canChange,
}: CitationStyleNoteProps) {
  const state = useBriefCitationStyle(bibliography, briefId, briefChangedAt);
  return (
    <p className="citation-style-note" data-testid="citation-style-note">
      <span className="muted">Citation style: </span>
      <strong data-testid="citation-style-name">{noteName(state, styleId)}</strong>
      <span className="muted small">{canChange ? " · change it under Edit brief." : " · a lead chooses it."}</span>
    </p>
  );
}

function noteName(state: BriefCitationStyleState, styleId: string): string {
  if (state.status === "loaded") {
    const { style } = state.style;
    return style.id === CUSTOM_STYLE_ID ? customStyleName(style.title) : style.title;
  }
  if (styleId === CUSTOM_STYLE_ID) return customStyleName(null);
  return state.status === "loading" ? "…" : styleId;
}
