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
  updateItems(ids: string[]): void;
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
  private readonly engine: CiteprocEngine;
  private items: ReadonlyMap<string, CslItem>;
  /** Citation ids are fresh per batch, so a reused engine never mixes two batches' clusters. */
  private batch = 0;
  /** "note" styles (Chicago notes) or "in-text" ones (APA, MLA, IEEE), whose form still goes in a note. */
  readonly styleClass: "note" | "in-text";

  /** Throws when citeproc cannot build the style (an uploaded style is checked first by checkCslStyle). */
  static create(style: CslNode, items: ReadonlyMap<string, CslItem>): CslEngine {
    return new CslEngine(style, items);
  }

  private constructor(style: CslNode, items: ReadonlyMap<string, CslItem>) {
    this.items = items;
    const sys = {
      retrieveLocale: (lang: string) => loadLocale(lang) ?? loadLocale(DEFAULT_LOCALE),
      retrieveItem: (id: string) => {
        const item = this.items.get(id);
        return item ? { ...item, id } : undefined;
      },
    };
    // citeproc keeps its own annotations on the style tree: give it a copy of the cached one.
    this.engine = new citeproc.Engine(sys, structuredClone(style), DEFAULT_LOCALE, false);
    // URLs and DOIs as <a href>, so notes and the bibliography carry live links.
    this.engine.opt.development_extensions.wrap_url_and_doi = true;
    this.styleClass = this.engine.opt.class === "note" ? "note" : "in-text";
  }

  /**
   * The same style over other items (another export): citeproc's registry is emptied first,
   * so no item, position or disambiguation of the last batch survives, and an item whose data
   * changed under the same id is read again. Building a style is the costly part (APA: ~0.3 s).
   */
  reuseFor(items: ReadonlyMap<string, CslItem>): this {
    this.items = items;
    this.engine.updateItems([]);
    return this;
  }

  /**
   * Clusters in reading order as notes 1..n, in one batch (`rebuildProcessorState`), so the
   * style sees each cite's position: full note on first use, short after, "Ibid." where it
   * wants it. Items stay in the order given (the report first, then its sources).
   */
  renderNotes(clusters: ReadonlyArray<readonly CiteItem[]>): TextRun[][] {
    const batch = ++this.batch;
    const citations = clusters.map((items, index) => ({
      citationID: `b${batch}-note-${index + 1}`,
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

/** Engines kept per style. @default 8 */
export const MAX_CACHED_ENGINES = 8;

/**
 * Built citeproc engines by style, for one export worker: building APA's takes ~0.3 s of CPU,
 * so a worker that exports again in the same style reuses it (`CslEngine.reuseFor`). Only
 * synchronous use within one build, one build at a time: engines hold per-batch state.
 */
export class CslEngines {
  private readonly engines = new Map<string, CslEngine>();

  constructor(private readonly maxEngines = MAX_CACHED_ENGINES) {}

  /** `key` names the style exactly (a bundled id, or a custom file's hash). */
  engineFor(key: string, style: () => CslNode, items: ReadonlyMap<string, CslItem>): CslEngine {
    const cached = this.engines.get(key);
    if (cached) {
      // Most recently used last, so the oldest is the one dropped.
      this.engines.delete(key);
      this.engines.set(key, cached);
      return cached.reuseFor(items);
    }
    const engine = CslEngine.create(style(), items);
    this.engines.set(key, engine);
    if (this.engines.size > this.maxEngines) this.engines.delete(this.engines.keys().next().value!);
    return engine;
  }
}
