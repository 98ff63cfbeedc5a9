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
  opt: { class: string; mode: string; update_mode: number; development_extensions: Record<string, unknown> };
  citation: { opt: { "near-note-distance": number } };
  citation_sort: { tokens: unknown[] };
  rebuildProcessorState(citations: object[], mode: string, uncited: string[]): Array<[string, number, string]>;
  updateItems(ids: string[]): void;
  updateUncitedItems(ids: string[]): void;
  setOutputFormat(mode: string): void;
  makeCitationCluster(items: object[]): string;
  makeBibliography(): [{ entry_ids: string[][] }, string[]] | false;
}
interface Citeproc {
  Engine: new (sys: object, style: CslNode, lang: string, forceLang: boolean) => CiteprocEngine;
  /** citeproc's own test for a locator that starts with a label ("p. 4"), which it moves to the label. */
  LOCATOR_LABELS_REGEXP: RegExp;
  /** `update_mode` of a style that tests a cite's position. */
  POSITION: number;
  POSITION_FIRST: number;
  POSITION_SUBSEQUENT: number;
  POSITION_IBID: number;
  POSITION_IBID_WITH_LOCATOR: number;
}

export interface CslEngineOptions {
  /**
   * A bundled style, for which `renderNotes` may take the one-pass path (each cluster rendered
   * once with positions worked out here), proven to give citeproc's batch output word for word
   * for every bundled style by CslEngine.onePass.test.ts. A lead's own style always goes
   * through citeproc's batch. @default false
   */
  bundled?: boolean;
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
  static create(style: CslNode, items: ReadonlyMap<string, CslItem>, options: CslEngineOptions = {}): CslEngine {
    return new CslEngine(style, items, options.bundled ?? false);
  }

  private readonly bundled: boolean;

  private constructor(style: CslNode, items: ReadonlyMap<string, CslItem>, bundled: boolean) {
    this.items = items;
    this.bundled = bundled;
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
   * Clusters in reading order as notes 1..n, so the style sees each cite's position: full note
   * on first use, short after, "Ibid." where it wants it. Items stay in the order given (the
   * report first, then its sources). citeproc's batch (`rebuildProcessorState`) renders them,
   * or, where it is proven to give the same text, the one pass (`renderNotesInOnePass`).
   */
  renderNotes(clusters: ReadonlyArray<readonly CiteItem[]>): TextRun[][] {
    if (this.onePassFits(clusters)) return this.renderNotesInOnePass(clusters).map(htmlToRuns);
    return this.renderNotesInBatch(clusters).map(htmlToRuns);
  }

  /** citeproc's batch: each note's html, in one `rebuildProcessorState`. Public for the test that compares the two paths. */
  renderNotesInBatch(clusters: ReadonlyArray<readonly CiteItem[]>): string[] {
    const batch = ++this.batch;
    const citations = clusters.map((items, index) => ({
      citationID: `b${batch}-note-${index + 1}`,
      citationItems: items.map((item) => ({ ...item })),
      properties: { noteIndex: index + 1, unsorted: true },
    }));
    const rendered = this.engine.rebuildProcessorState(citations, "html", []);
    const byId = new Map(rendered.map(([citationId, , html]) => [citationId, html]));
    return citations.map((citation) => byId.get(citation.citationID) ?? "");
  }

  /**
   * Whether the one-pass path gives exactly citeproc's batch output here: a bundled style
   * (each is proven by the test), one whose citations keep the cites' order (citeproc's
   * `makeCitationCluster` sorts a cluster by the style's citation sort, which the batch skips
   * for our unsorted clusters: APA, IEEE and Vancouver have one), no empty cluster, and every
   * locator one that citeproc's batch passes on unchanged (it splits one at "|", trims its end,
   * and moves a leading "p. " or the like to the label before it compares locators for Ibid.).
   */
  onePassFits(clusters: ReadonlyArray<readonly CiteItem[]>): boolean {
    if (!this.bundled || this.engine.citation_sort.tokens.length > 0) return false;
    return clusters.every(
      (cites) =>
        cites.length > 0 &&
        cites.every(
          ({ locator }) =>
            locator === undefined ||
            (!locator.includes("|") && locator === locator.trimEnd() && !citeproc.LOCATOR_LABELS_REGEXP.test(locator)),
        ),
    );
  }

  /**
   * The notes' html with each cluster rendered once: every item registered up front (as the
   * batch does), each cite's position, first note number and near-note flag worked out here
   * by the rules of citeproc's `processCitationCluster` for one cluster per note, and
   * `makeCitationCluster` rendering the cluster with them.
   *
   * Why by hand: the batch re-evaluates the positions of every earlier cluster for each new
   * one (600 notes: 180,000 cluster visits), renders 736 clusters for 600 notes and runs
   * disambiguation 400 times as items reach their first and second citation. Measured on the
   * export bench brief's 600 notes in Chicago full note, notes and bibliography on a reused
   * engine, five runs each under a load average of ~11 on 2 cores: 1590 ms of CPU at best for
   * the batch (median 2047) against 776 ms (median 810) for this path. Only for bundled styles,
   * where CslEngine.onePass.test.ts proves the output equal on random note sequences; a style
   * that prints the first note's number and disambiguates by given name would not be equal.
   */
  renderNotesInOnePass(clusters: ReadonlyArray<readonly CiteItem[]>): string[] {
    const engine = this.engine;
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const cites of clusters) {
      for (const { id } of cites) {
        if (!seen.has(id)) ids.push(id);
        seen.add(id);
      }
    }
    engine.updateItems(ids);
    const oldMode = engine.opt.mode;
    engine.setOutputFormat("html");
    try {
      // A style that never tests a position (update_mode other than POSITION) gets none, as in the batch.
      const positions = engine.opt.update_mode === citeproc.POSITION;
      const nearNoteDistance = engine.citation.opt["near-note-distance"];
      const firstNote = new Map<string, number>();
      const lastNote = new Map<string, number>();
      const html = clusters.map((cites, index) => {
        const note = index + 1;
        const items: Array<CiteItem & Record<string, unknown>> = cites.map((cite) => ({ ...cite }));
        if (!positions) return engine.makeCitationCluster(items);
        items.forEach((item, k) => {
          item["first-reference-note-number"] = 0;
          item["first-container-reference-note-number"] = 0;
          item["near-note"] = false;
          const first = firstNote.get(item.id);
          const last = lastNote.get(item.id);
          if (first === undefined || last === undefined) {
            item.position = citeproc.POSITION_FIRST;
            firstNote.set(item.id, note);
          } else {
            // Ibid. when the same item is the cite just before: the previous item of this cluster,
            // or the only item of the previous note.
            const previousNote = clusters[index - 1];
            const previous = k > 0 ? cites[k - 1]! : previousNote?.length === 1 ? previousNote[0]! : undefined;
            let position = citeproc.POSITION_SUBSEQUENT;
            if (previous?.id === item.id) {
              const previousLocator = previous.locator
                ? `${previous.locator}${previous.label ?? ""}`
                : previous.locator;
              const locator = item.locator ? `${item.locator}${item.label ?? ""}` : item.locator;
              if (!previousLocator) position = locator ? citeproc.POSITION_IBID_WITH_LOCATOR : citeproc.POSITION_IBID;
              else if (locator)
                position = locator === previousLocator ? citeproc.POSITION_IBID : citeproc.POSITION_IBID_WITH_LOCATOR;
            }
            item.position = position;
            if (first !== note) {
              item["first-reference-note-number"] = first;
              item["first-container-reference-note-number"] = first;
            }
            if (note - last <= nearNoteDistance) item["near-note"] = true;
          }
          lastNote.set(item.id, note);
        });
        return engine.makeCitationCluster(items);
      });
      engine.updateUncitedItems([]);
      return html;
    } finally {
      engine.setOutputFormat(oldMode);
    }
  }

  /** One entry per cited item, in the style's order; [] for a style without a bibliography. */
  bibliography(): BibliographyEntry[] {
    const result = this.engine.makeBibliography();
    if (!result) return [];
    const [meta, entries] = result;
    return entries.map((html, index) => ({
      id: meta.entry_ids[index]?.[0] ?? String(index),
      content: htmlToRuns(html),
    }));
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
  engineFor(
    key: string,
    style: () => CslNode,
    items: ReadonlyMap<string, CslItem>,
    options: CslEngineOptions = {},
  ): CslEngine {
    const cached = this.engines.get(key);
    if (cached) {
      // Most recently used last, so the oldest is the one dropped.
      this.engines.delete(key);
      this.engines.set(key, cached);
      return cached.reuseFor(items);
    }
    const engine = CslEngine.create(style(), items, options);
    this.engines.set(key, engine);
    if (this.engines.size > this.maxEngines) this.engines.delete(this.engines.keys().next().value!);
    return engine;
  }
}
