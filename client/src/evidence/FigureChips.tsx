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
      {figures
        .filter((figure, index) => figures.findIndex((other) => other.raw === figure.raw) === index)
        .map((figure, index) => (
          <li
            key={`${figure.start}-${index}`}
            className={`figure-chip figure-${figure.kind}`}
            title={KIND_LABELS[figure.kind] ?? figure.kind}
          >
            {figure.raw}
          </li>
        ))}
    </ul>
  );
}
