import { ImportError } from "./errors.js";

export type SourceFormat = "text" | "markdown" | "pdf" | "docx";

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  txt: "text",
  md: "markdown",
  markdown: "markdown",
  pdf: "pdf",
  docx: "docx",
};

/** Picks the importer from the file name alone; the bytes are checked against it afterwards. */
export function formatOfFilename(filename: string): SourceFormat {
  const extension = /\.([^./\\]+)$/.exec(filename)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : FORMAT_BY_EXTENSION[extension];
  if (!format) {
    throw new ImportError(
      "unsupported_type",
      `"${baseName(filename)}" is not a report Accord can import: use a .pdf, .docx, .md or .txt file.`,
    );
  }
  return format;
}

/** The file name without folders (browsers may send `C:\fakepath\…`) and without its extension. */
export function titleFromFilename(filename: string): string {
  const base = baseName(filename);
  const stem = base.replace(/\.[^.]+$/, "").trim();
  return stem === "" ? base : stem;
}

function baseName(filename: string): string {
  return filename.split(/[\\/]/).pop() ?? filename;
}

/**
 * Checks that the bytes are what the name claims, so a renamed file fails with a clear message
 * instead of deep inside a parser. Returns the decoded text for the text formats.
 */
export function checkContent(format: SourceFormat, bytes: Uint8Array, filename: string): string | null {
  const name = baseName(filename);
  if (bytes.length === 0) throw new ImportError("invalid_file", `"${name}" is empty.`);
  switch (format) {
    case "pdf":
      if (!startsWith(bytes, "%PDF-")) throw new ImportError("invalid_file", `"${name}" is not a PDF file.`);
      return null;
    case "docx":
      // Zip entry names are stored uncompressed, so the main part's name is visible in the bytes.
      if (!startsWith(bytes, "PK\u0003\u0004") || !containsAscii(bytes, "word/document.xml")) {
        throw new ImportError("invalid_file", `"${name}" is not a Word (.docx) document.`);
      }
      return null;
    case "text":
    case "markdown":
      return decodeText(bytes, name);
    default: {
      const unreachable: never = format;
      throw new Error(`unknown format ${String(unreachable)}`);
    }
  }
}

function decodeText(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new ImportError("invalid_file", `"${name}" is not UTF-8 text.`, { cause });
  }
  if (text.includes("\u0000")) throw new ImportError("invalid_file", `"${name}" is binary, not text.`);
  if (text.trim() === "") throw new ImportError("invalid_file", `"${name}" is empty.`);
  return text;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function containsAscii(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, "latin1");
}
