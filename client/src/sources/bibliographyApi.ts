import type { Brief } from "@accord/domain";
import type { Request } from "../api/request";
import type {
  BriefCitationStyle,
  BriefSource,
  CitationStyleOption,
  CitationStyles,
  CslItem,
  PasteFormat,
} from "./sourceTypes";

const segment = encodeURIComponent;

/** The bibliography's REST calls (CITATIONS.md §4, §5), over the app's one `request`. */
export function createBibliographyApi(request: Request) {
  const brief = (briefId: string) => `/api/briefs/${segment(briefId)}`;
  const sources = (briefId: string) => `${brief(briefId)}/sources`;

  return {
    listSources: (briefId: string, signal?: AbortSignal) =>
      request<{ sources: BriefSource[] }>("GET", sources(briefId), { signal }),
    /** One source typed by hand; 400 names the CSL field. */
    addSource: (briefId: string, csl: CslItem) =>
      request<{ sources: BriefSource[] }>("POST", sources(briefId), { body: { csl } }),
    /** A BibTeX or RIS paste: every entry it holds, or nothing (400 `bibtex`/`ris`, 413 too large). */
    importSources: (briefId: string, format: PasteFormat, text: string) =>
      request<{ sources: BriefSource[] }>("POST", sources(briefId), {
        body: format === "bibtex" ? { bibtex: text } : { ris: text },
      }),
    updateSource: (briefId: string, sourceId: string, csl: CslItem) =>
      request<{ source: BriefSource }>("PATCH", `${sources(briefId)}/${segment(sourceId)}`, { body: { csl } }),
    /** Refused with 409 `cited` while a citation uses the source. */
    deleteSource: (briefId: string, sourceId: string) =>
      request<void>("DELETE", `${sources(briefId)}/${segment(sourceId)}`),

    listStyles: (signal?: AbortSignal) => request<CitationStyles>("GET", "/api/citation-styles", { signal }),
    /** The brief's style by its title, and its uploaded CSL file's title (any member). */
    getStyle: (briefId: string, signal?: AbortSignal) =>
      request<BriefCitationStyle>("GET", `${brief(briefId)}/citation-style`, { signal }),
    /** A bundled style (a lead); 400 `citationStyle` for an unknown id. */
    setStyle: (briefId: string, citationStyle: string) =>
      request<{ brief: Brief }>("PATCH", brief(briefId), { body: { citationStyle } }),
    /** The house's own CSL file (a lead); 400 `xml` says what is wrong with it, 413 past 512 KiB. */
    uploadStyle: (briefId: string, xml: string) =>
      request<{ style: CitationStyleOption }>("PUT", `${brief(briefId)}/citation-style`, { body: { xml } }),
  };
}

export type BibliographyApi = ReturnType<typeof createBibliographyApi>;
