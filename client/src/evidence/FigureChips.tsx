import type { EvidenceFigure } from "@accord/protocol";

const KIND_LABELS: Record<string, string> = {
  money: "Amount",
  percent: "Percentage",
  count: "Count",
  quantity: "Quantity",
  year: "Year",
};

/** The figures a passage states ("$614.5 billion", "62 percent"), as small chips. */
export function FigureChips({ figures }: { figures: EvidenceFigure[] }) {
  if (figures.length === 0) return null;
  return (
    <ul className="figure-chips" aria-label="Figures in this passage">
      {uniqueByRaw(figures).map((figure) => (
        <li
          key={figure.raw}
          className={`figure-chip figure-${figure.kind}`}
          title={KIND_LABELS[figure.kind] ?? figure.kind}
        >
          {figure.raw}
        </li>
      ))}
    </ul>
  );
}

/** Each figure once, at its first mention (one pass: a passage may state hundreds). */
function uniqueByRaw(figures: EvidenceFigure[]): EvidenceFigure[] {
  const seen = new Set<string>();
  return figures.filter((figure) => {
    if (seen.has(figure.raw)) return false;
    seen.add(figure.raw);
    return true;
  });
}
