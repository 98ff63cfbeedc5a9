/**
 * Where to go after logging in. Only a path on this site is accepted, so a crafted
 * `?next=https://elsewhere` (or `//elsewhere`) cannot send anyone off-site.
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

/** The invite token of a `/invite/TOKEN` path (a `next` that comes back to an invite), else null. */
export function inviteTokenOf(path: string | null | undefined): string | null {
  if (!path?.startsWith("/invite/")) return null;
  const rest = path.slice("/invite/".length).split(/[?#]/)[0] ?? "";
  if (rest === "" || rest.includes("/")) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}
