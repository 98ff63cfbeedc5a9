import { type BodyBlock, checkClaims, ReportFigureIndex } from "@accord/claims";

/** The aim (issue 19): one check of a 5,000-word recommendation with 60 citations in at most this long. */
export const CLAIMS_TARGET_MS = 20;

export interface ClaimsBenchResult {
  words: number;
  citations: number;
  figures: number;
  runs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const SUBJECTS = [
  "exports of auto parts",
  "imports of corn",
  "clean power capacity",
  "remittances",
  "tourist arrivals",
  "steel output",
];

/**
 * A generated recommendation (our own sentences, no report's): ~5,000 words in 30 paragraphs of 6 sentences, a
 * figure in most sentences, 60 citations of 60 passages (half of them stating a different
 * figure), and a report of 600 passages for the uncited sentences. Each run is checkClaims with
 * its passage lookups (a Map, as the server's store cache), timed one after another.
 */
export function runClaimsBench(runs = 200): ClaimsBenchResult {
  const passages = new Map<string, string>();
  const body: BodyBlock[] = [];
  let words = 0;
  let citations = 0;
  for (let p = 0; p < 30; p++) {
    const block: BodyBlock = [];
    for (let s = 0; s < 6; s++) {
      const n = p * 6 + s;
      const subject = SUBJECTS[n % SUBJECTS.length]!;
      const text = `In the plan's year ${2015 + (n % 10)}, ${subject} in the northern states rose about ${10 + (n % 40)} percent to $${(n % 90) + 1}.5 billion while the ministry kept its review of the programme open for comment. `;
      block.push({ text });
      words += text.split(/\s+/).filter(Boolean).length;
      if (s % 2 === 0 && citations < 60) {
        const id = `e${citations}`;
        passages.set(
          id,
          `Across the northern states, ${subject} rose ${10 + (n % 40) + (citations % 2)} percent to $${(n % 90) + 1}.5 billion in ${2015 + (n % 10)}.`,
        );
        block.push({ cite: { evidenceId: id, citationId: `c${citations}` } });
        citations++;
      }
    }
    body.push(block);
  }
  const report = ReportFigureIndex.build(
    Array.from({ length: 600 }, (_, i) => ({
      evidenceId: `r${i}`,
      text: `${SUBJECTS[i % SUBJECTS.length]} rose ${i % 50} percent to $${i}.5 billion.`,
    })),
  );
  const check = () =>
    checkClaims({
      body,
      passage: (id) => {
        const text = passages.get(id);
        return text === undefined ? null : { evidenceId: id, text };
      },
      citationEvidence: () => null,
      report,
    });
  let figures = 0;
  for (let i = 0; i < 20; i++) figures = check().length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    check();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { words, citations, figures, runs, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: times.at(-1)! };
}
