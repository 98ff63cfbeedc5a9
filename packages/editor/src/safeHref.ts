/**
 * The only URL schemes a link in a recommendation may carry. Everything else
 * (javascript:, data:, vbscript:, file:, relative paths…) is refused when a link is
 * set, pasted, autolinked or parsed, and rendered without an href if it still
 * reaches the document through a peer that ignores these rules.
 */
export const SAFE_LINK_PROTOCOLS = ["http", "https", "mailto"] as const;

export function isSafeHref(href: string | null | undefined): boolean {
  if (typeof href !== "string" || href.trim() === "") return false;
  let url: URL;
  try {
    // No base: a relative URL throws, so only absolute URLs with a scheme pass.
    url = new URL(href.trim());
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  return (SAFE_LINK_PROTOCOLS as readonly string[]).includes(scheme);
}
