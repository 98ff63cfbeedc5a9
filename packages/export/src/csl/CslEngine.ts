import { createRequire } from "node:module";
import type { BibliographyEntry, TextRun } from "../model.js";
import type { CslItem } from "./cslItem.js";
import { htmlToRuns } from "./htmlRuns.js";
import { DEFAULT_LOCALE, loadLocale, type CslNode } from "./styles.js";

/** One cited item of a cluster: a page or other locator, or a suffix for a locator no label fits. */
export interface CiteItem {
  id: string;
  locator?: string;
  label?: string;
  suffix?: string;
}

interface CiteprocEngine {
  opt: { class: string; development_extensions: Record<string, unknown> };
  rebuildProcessorState(citations: object[], mode: string, uncited: string[]): Array<[string, number, string]>;
  makeBibliography(): [{ entry_ids: string[][] }, string[]] | false;
}
interface Citeproc {
  Engine: new (sys: object, style: CslNode, lang: string, forceLang: boolean) => CiteprocEngine;
}

const require = createRequire(import.meta.url);
const citeproc = require("citeproc") as Citeproc;

/**
 * citeproc-js over one brief's items and one style. Every note and bibliography entry is
 * rendered by citeproc (never by hand) in its "html" mode and turned into text runs.
 */
export class CslEngine {
  private constructor(
    private readonly engine: CiteprocEngine,
    /** "note" styles (Chicago notes) or "in-text" ones (APA, MLA, IEEE), whose form still goes in a note. */
    readonly styleClass: "note" | "in-text",
  ) {}

  /** Throws when citeproc cannot build the style (an uploaded style is checked first by checkCslStyle). */
  static create(style: CslNode, items: ReadonlyMap<string, CslItem>): CslEngine {
    const sys = {
      retrieveLocale: (lang: string) => loadLocale(lang) ?? loadLocale(DEFAULT_LOCALE),
      retrieveItem: (id: string) => {
        const item = items.get(id);
        return item ? { ...item, id } : undefined;
      },
    };
    // citeproc keeps its own annotations on the style tree: give it a copy of the cached one.
    const engine = new citeproc.Engine(sys, structuredClone(style), DEFAULT_LOCALE, false);
    // URLs and DOIs as <a href>, so notes and the bibliography carry live links.
    engine.opt.development_extensions.wrap_url_and_doi = true;
    return new CslEngine(engine, engine.opt.class === "note" ? "note" : "in-text");
  }

  /**
   * Clusters in reading order as notes 1..n, in one batch (`rebuildProcessorState`), so the
   * style sees each cite's position: full note on first use, short after, "Ibid." where it
   * wants it. Items stay in the order given (the report first, then its sources).
   */
  renderNotes(clusters: ReadonlyArray<readonly CiteItem[]>): TextRun[][] {
    const citations = clusters.map((items, index) => ({
      citationID: `note-${index + 1}`,
      citationItems: items.map((item) => ({ ...item })),
      properties: { noteIndex: index + 1, unsorted: true },
    }));
    const rendered = this.engine.rebuildProcessorState(citations, "html", []);
    const byId = new Map(rendered.map(([citationId, , html]) => [citationId, html]));
    return citations.map((citation) => htmlToRuns(byId.get(citation.citationID) ?? ""));
  }

  /** One entry per cited item, in the style's order; [] for a style without a bibliography. */
  bibliography(): BibliographyEntry[] {
    const result = this.engine.makeBibliography();
    if (!result) return [];
    const [meta, entries] = result;
    return entries.map((html, index) => ({ id: meta.entry_ids[index]?.[0] ?? String(index), content: htmlToRuns(html) }));
  }
}
