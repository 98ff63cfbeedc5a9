import type { ExportFormat } from "./exportFilename.js";
import type { BriefExport } from "./model.js";
import { toDocx } from "./toDocx.js";
import { toHtml } from "./toHtml.js";
import { toMarkdown } from "./toMarkdown.js";
import { toPdf } from "./toPdf.js";

/** The brief in one format, as the bytes of the file. */
export async function renderExport(model: BriefExport, format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case "docx":
      return toDocx(model);
    case "pdf":
      return toPdf(model);
    case "md":
      return Buffer.from(toMarkdown(model), "utf8");
    case "html":
      return Buffer.from(toHtml(model), "utf8");
  }
}
