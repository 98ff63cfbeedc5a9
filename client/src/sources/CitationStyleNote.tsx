import type { BibliographyApi } from "./bibliographyApi";
import { styleName, useCitationStyles } from "./useCitationStyles";

/** "Notes follow Chicago …": the brief's citation style, read-only, with who may change it. */
export function CitationStyleNote({ bibliography, styleId, canChange }: { bibliography: BibliographyApi; styleId: string; canChange: boolean }) {
  const styles = useCitationStyles(bibliography);
  return (
    <p className="citation-style-note" data-testid="citation-style-note">
      <span className="muted">Citation style: </span>
      <strong data-testid="citation-style-name">{styles.status === "loading" ? "…" : styleName(styles, styleId)}</strong>
      <span className="muted small">{canChange ? " · change it under Edit brief." : " · a lead chooses it."}</span>
    </p>
  );
}
