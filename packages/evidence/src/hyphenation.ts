/**
 * Joins the lines of one paragraph back into running text. The hard part is a line that ends
 * in a hyphen: typesetting breaks words (`pop-` / `ular`), but a compound can break at its own
 * hyphen too (`U.S.-` / `Mexico`, `trade-` / `related`), and only the first kind may lose it.
 *
 * Rules, in order, for a line ending in `-` with the next line's first word:
 * 1. no letter before the hyphen (`U.S.-`, `2013-`) or a digit after it (`COVID-` / `19`): a
 *    real hyphen, kept, with no space;
 * 2. a lowercase fragment followed by a capital (`non-` / `European`): a real hyphen;
 * 3. otherwise the document decides: if the hyphenated form (`trade-related`) occurs elsewhere
 *    more often than the joined one (`traderelated`), the hyphen is real; else it was a break
 *    and the halves are joined (`USM-` / `CA` → `USMCA`, since `USMCA` occurs elsewhere).
 * Ties (neither form seen) join: in typeset reports a line-end hyphen is far more often a break.
 * A line ending in a dash (— or –) joins without a space; any other line break is a space.
 */
export type LineJoiner = (lines: readonly string[]) => string;

const WORD = /[\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)*/gu;

export function createLineJoiner(documentText: string): LineJoiner {
  const counts = countWords(documentText);
  const seen = (word: string): number => counts.get(word.toLowerCase()) ?? 0;

  const keepsHyphen = (head: string, tail: string): boolean => {
    if (/\p{Ll}/u.test(head) && /^\p{Lu}/u.test(tail)) return true;
    return seen(`${head}-${tail}`) > seen(`${head}${tail}`);
  };

  const joinTwo = (left: string, right: string): string => {
    if (left === "") return right;
    if (right === "") return left;
    if (/[-‐]$/.test(left)) {
      const head = /(\p{L}+)[-‐]$/u.exec(left)?.[1];
      const tail = /^\p{L}+/u.exec(right)?.[0];
      if (head === undefined || tail === undefined) return left + right;
      return keepsHyphen(head, tail) ? left + right : left.slice(0, -1) + right;
    }
    if (/[—–]$/.test(left)) return left + right;
    return `${left} ${right}`;
  };

  return (lines) => lines.map((line) => line.trim().replace(/\s+/g, " ")).reduce(joinTwo, "");
}

/** Words and hyphenated compounds, lowercased; a compound `a-b-c` also counts `a-b` and `b-c`. */
function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (word: string): void => {
    counts.set(word, (counts.get(word) ?? 0) + 1);
  };
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase().replace(/‐/g, "-");
    add(word);
    const parts = word.split("-");
    if (parts.length > 2) {
      for (let i = 0; i + 1 < parts.length; i++) add(`${parts[i]}-${parts[i + 1]}`);
    }
  }
  return counts;
}
