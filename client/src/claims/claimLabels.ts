import type { ClaimCounts, ClaimFindingView } from "@accord/protocol";

export type ClaimKind = ClaimFindingView["kind"];

/** What each kind of finding means, as the card's title and the panel's list say it. */
export const CLAIM_KIND_LABELS: Readonly<Record<ClaimKind, string>> = {
  mismatch: "Differs from the cited passage",
  unsupported: "Not cited, but the report states it",
  notFound: "Not found in the cited passage",
  inconsistent: "Stated differently in another recommendation",
};

/** The kinds in the order they matter: a wrong figure first. */
export const CLAIM_KINDS: readonly ClaimKind[] = ["mismatch", "inconsistent", "notFound", "unsupported"];

export function openClaims(counts: ClaimCounts): number {
  return counts.mismatch + counts.unsupported + counts.notFound + counts.inconsistent;
}

/** Counts that say a figure is wrong, not just uncited: the ones approval and the export warn about. */
export function disagreeing(counts: Pick<ClaimCounts, "mismatch" | "inconsistent">): number {
  return counts.mismatch + counts.inconsistent;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The Figures panel's one line about a recommendation's open findings. */
export function claimsSummary(counts: ClaimCounts): string {
  const total = openClaims(counts);
  if (total === 0) return "Every figure agrees with its evidence.";
  const parts = CLAIM_KINDS.filter((kind) => counts[kind] > 0).map((kind) => {
    const count = counts[kind];
    switch (kind) {
      case "mismatch":
        return `${count} ${count === 1 ? "differs" : "differ"} from the cited passage`;
      case "inconsistent":
        return `${count} stated differently elsewhere`;
      case "notFound":
        return `${count} not found in the cited passage`;
      case "unsupported":
        return `${count} without a citation`;
      default: {
        const exhaustive: never = kind;
        return exhaustive;
      }
    }
  });
  return `${plural(total, "figure", "figures")} to check: ${parts.join(", ")}.`;
}

/** The question approval asks when the server answers 409 `open_mismatches`. */
export function approveAnywayQuestion(count: number): string {
  return count === 1
    ? "1 figure disagrees with the evidence it cites. Approve anyway?"
    : `${count} figures disagree with the evidence they cite. Approve anyway?`;
}

/** The export preview's warning, or null when nothing disagrees. */
export function exportClaimWarning(warnings: Pick<ClaimCounts, "mismatch" | "inconsistent">): string | null {
  const { mismatch, inconsistent } = warnings;
  if (mismatch + inconsistent === 0) return null;
  const parts: string[] = [];
  if (mismatch > 0)
    parts.push(
      mismatch === 1
        ? "1 figure disagrees with the evidence it cites"
        : `${mismatch} figures disagree with the evidence they cite`,
    );
  if (inconsistent > 0)
    parts.push(
      inconsistent === 1
        ? "1 figure is stated differently in two recommendations"
        : `${inconsistent} figures are stated differently across recommendations`,
    );
  return `${parts.join(", and ")}. Check them in each recommendation's Figures tab before sending the brief.`;
}

/**
 * The findings in the order of the text, open ones first; ignored ones after them. A stable
 * order: a refetch that changes nothing does not move the list under a person's pointer.
 */
export function orderFindings(findings: readonly ClaimFindingView[]): ClaimFindingView[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.ignored !== null) - Number(b.ignored !== null) ||
      a.at.block - b.at.block ||
      a.at.from - b.at.from ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Where a passage's figure stands in its text: its own offsets when the text there is the figure,
 * else its first occurrence, else null (nothing is marked; the passage is still shown).
 */
export function figureSpan(
  text: string,
  figure: { raw: string; start: number; end: number },
): { start: number; end: number } | null {
  if (figure.raw.length === 0) return null;
  if (figure.start >= 0 && figure.end <= text.length && text.slice(figure.start, figure.end) === figure.raw)
    return { start: figure.start, end: figure.end };
  const index = text.indexOf(figure.raw);
  return index >= 0 ? { start: index, end: index + figure.raw.length } : null;
}
