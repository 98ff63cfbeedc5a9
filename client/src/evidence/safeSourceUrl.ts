/**
 * Whether a source URL from a report may become a link: only absolute http(s) addresses.
 * (The editor package has the same rule for links in the body; this copy keeps Tiptap out
 * of the chunks that only list evidence.)
 */
export function isSafeSourceUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url.trim());
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
