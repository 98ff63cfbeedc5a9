/**
 * Where to go after logging in. Only a path on this site is accepted, so a crafted
 * `?next=https://elsewhere` (or `//elsewhere`) cannot send anyone off-site.
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
