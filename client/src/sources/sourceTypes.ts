/**
 * The bibliography as the API sends it (packages/export/CITATIONS.md §4 and §5). Declared here,
 * beside the screens that read them, rather than in the shared api/types.ts.
 */

export type { BriefSource, CslDate, CslItem, CslName } from "@accord/domain";

/** One style a lead may choose (`GET /api/citation-styles`). */
export interface CitationStyleOption {
  id: string;
  title: string;
}

export interface CitationStyles {
  styles: CitationStyleOption[];
  default: string;
}

/**
 * A brief's style as `GET /api/briefs/:briefId/citation-style` answers it (any member): the style
 * in use with its title (an uploaded file's own title), and the uploaded file if there is one.
 */
export interface BriefCitationStyle {
  style: CitationStyleOption;
  custom: CitationStyleOption | null;
}

/** The id a brief's `citationStyle` holds once the lead uploaded the house's own CSL file. */
export const CUSTOM_STYLE_ID = "custom";

/** What a paste may be, as the server reads it (`POST /sources {bibtex}` or `{ris}`). */
export type PasteFormat = "bibtex" | "ris";

/** The largest paste the server reads (MAX_SOURCE_IMPORT_BYTES); checked here first, to say so before sending. */
export const MAX_PASTE_BYTES = 1024 * 1024;
/** The most entries one paste may hold (the server's limit, told to the person pasting). */
export const MAX_PASTE_ENTRIES = 500;
/** The largest CSL style file the server takes (MAX_CSL_STYLE_BYTES). */
export const MAX_STYLE_BYTES = 512 * 1024;
