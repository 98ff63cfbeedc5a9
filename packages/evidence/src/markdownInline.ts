/** What inline Markdown refers to, in reading order. */
export type InlineReference = { kind: "footnote"; label: string } | { kind: "link"; text: string; url: string };

const INLINE = new RegExp(
  [
    String.raw`!\[(?<alt>[^\]]*)\]\([^)]*\)`,
    String.raw`\s*\[\^(?<label>[^\]\s]+)\]`,
    String.raw`\[(?<linkText>[^\]]+)\]\((?<href>[^)\s]+)(?:\s+"[^"]*")?\)`,
    String.raw`<(?<autolink>https?:\/\/[^>\s]+)>`,
  ].join("|"),
  "g",
);

/**
 * Reduces a block's inline Markdown to the plain text a reader sees, reporting footnote
 * references (`[^n]`) and links (`[text](url)`, `<url>`) in reading order. Images keep their
 * alt text; emphasis, code marks and backslash escapes are removed.
 */
export function plainInline(markdown: string, references: InlineReference[] = []): string {
  const text = markdown.replace(INLINE, (...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.alt !== undefined) return groups.alt;
    if (groups.label !== undefined) {
      references.push({ kind: "footnote", label: groups.label });
      return "";
    }
    if (groups.href !== undefined) {
      const linkText = stripMarks(groups.linkText ?? "");
      references.push({ kind: "link", text: linkText, url: groups.href });
      return linkText;
    }
    const url = groups.autolink ?? "";
    references.push({ kind: "link", text: url, url });
    return url;
  });
  return stripMarks(text).replace(/\s+/g, " ").trim();
}

function stripMarks(text: string): string {
  return text
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(?<![\p{L}\p{N}*_])([*_])(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}*_])/gu, "$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1");
}
