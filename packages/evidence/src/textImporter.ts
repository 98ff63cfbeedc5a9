import { assembleReport } from "./assemble.js";
import type { ImportedReport } from "./types.js";
import { splitTextIntoPages } from "./pages.js";
import { draftFromPages } from "./pagedText.js";

/** Imports text extracted from a PDF (see pages.ts for the layout it expects). */
export function importText(text: string, title: string): ImportedReport {
  const draft = draftFromPages(splitTextIntoPages(text.replace(/^\uFEFF/, "")));
  return assembleReport(draft, { title, format: "text" });
}
