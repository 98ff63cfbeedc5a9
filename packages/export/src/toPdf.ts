import type { BriefExport } from "./model.js";
import { TypstPdf } from "./typst/TypstPdf.js";

/**
 * Made on the first PDF a thread asks for, then reused: a Typst compiler costs tens of
 * milliseconds and its fonts to create, and compiles synchronously on the thread that calls
 * it, so each export worker thread gets its own. It keeps nothing of a brief between renders
 * (TypstPdf drops its caches after each), so sharing it within a thread shares no state.
 */
let threadTypesetter: TypstPdf | null = null;

/**
 * The brief as a PDF typeset by Typst (typst/template/brief.typ): a cover, a contents page,
 * sectors and recommendations flowing on, each note at the foot of the page of its marker,
 * live links, bookmarks from the headings, the bibliography, and a tagged PDF.
 * Pass `typesetter` to use one you own (tests, a worker that manages its own).
 */
export async function toPdf(model: BriefExport, typesetter?: TypstPdf): Promise<Buffer> {
  if (typesetter) return typesetter.render(model);
  threadTypesetter ??= new TypstPdf();
  return threadTypesetter.render(model);
}
