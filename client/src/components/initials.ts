/** Up to two letters for an avatar: first and last word ("Ada Lovelace" → "AL"), or the first two letters of one word. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? "";
  const letters = words.length > 1 ? [first[0], words[words.length - 1]?.[0]] : [first[0], first[1]];
  return letters.filter(Boolean).join("").toUpperCase() || "?";
}
