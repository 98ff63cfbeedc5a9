import type { PasteFormat } from "./sourceTypes";

/**
 * What a paste looks like from its first characters: BibTeX opens with "@type{", RIS with a
 * "TY  -" tag. Null when neither: the person then says which it is. Reads at most the first
 * few hundred characters, whatever the paste's size.
 */
export function detectPasteFormat(text: string): PasteFormat | null {
  const head = text.slice(0, 400).trimStart();
  if (head.startsWith("@")) return "bibtex";
  if (head.startsWith("TY  -") || head.startsWith("TY -")) return "ris";
  return null;
}

/** The bytes the paste takes in the request (UTF-8), which is what the server's limit counts. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** "1.2 MB", "640 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
}
