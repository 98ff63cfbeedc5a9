import type { Evidence } from "@accord/protocol";
import type { BriefSource, CitedItem, CitedPassageNote, CitedPassageSummary } from "./citationTypes";

/** What a citation's card and lists need of its passage, from whichever answer had it. */
export interface CardPassage {
  text: string;
  page: number;
  section: string | null;
  reportTitle: string;
  sourcesFrom: "markers" | "page";
  /** The notes it may choose from: its own (markers) or its page's. */
  notes: CitedPassageNote[];
}

export function passageOfEvidence(evidence: Evidence): CardPassage {
  const { text, page, section, reportTitle, sourcesFrom } = evidence;
  return { text, page, section, reportTitle, sourcesFrom, notes: evidence.notes ?? [] };
}

export function passageOfSummary(passage: CitedPassageSummary): CardPassage {
  const { text, page, section, reportTitle, sourcesFrom } = passage;
  return { text, page, section, reportTitle, sourcesFrom, notes: passage.footnotes };
}

/** The sources a citation chose, in the order they are shown: the report's notes, then the bibliography's. */
export interface ChosenSources {
  notes: CitedPassageNote[];
  sources: BriefSource[];
}

export function chosenSources(
  citation: Pick<CitedItem, "notes" | "sourceIds">,
  passage: CardPassage | null,
  bibliography: readonly BriefSource[],
): ChosenSources {
  const notes = citation.notes.map(
    (number) =>
      passage?.notes.find((note) => note.number === number) ?? {
        number,
        text: `Note ${number} of the report`,
        urls: [],
      },
  );
  const sources = citation.sourceIds.flatMap((id) => bibliography.find((source) => source.id === id) ?? []);
  return { notes, sources };
}

/** "Shipping · page 4" (and the report's title when asked). */
export function passagePlace(
  passage: Pick<CardPassage, "section" | "page" | "reportTitle">,
  withReport: boolean,
): string {
  return [
    withReport ? passage.reportTitle : null,
    passage.section ?? "Before the first section",
    `page ${passage.page}`,
  ]
    .filter((part): part is string => part !== null)
    .join(" · ");
}
