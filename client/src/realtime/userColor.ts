/**
 * A person's colour for carets and avatars, the same on every screen and for every
 * peer because it is derived from the user id. Caret colours must be `#rrggbb`
 * (the caret extension refuses anything else); each of these carries white text at
 * a contrast of at least 4.5:1.
 */
const PALETTE = [
  "#1f5f8b",
  "#8a3b12",
  "#2f6b3a",
  "#7a2e6e",
  "#0f6b6b",
  "#9a2d2d",
  "#4b4f9e",
  "#6b5a00",
  "#5b3f8c",
  "#805000",
] as const;

export function userColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0];
}
