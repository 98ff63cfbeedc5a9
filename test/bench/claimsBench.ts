import {
  type BodyBlock,
  bodyFigures,
  ClaimMemo,
  checkClaims,
  claimKeys,
  MAX_CHECKED_FIGURES,
  ReportFigureIndex,
} from "@accord/claims";

/** The aim (issue 19): one check of a 5,000-word recommendation with 60 citations in at most this long. */
export const CLAIMS_TARGET_MS = 20;

export interface ClaimsTimes {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ClaimsBenchResult {
  words: number;
  citations: number;
  figures: number;
  runs: number;
  /** Every check reads the whole body and its passages afresh (a body's first check on a worker). */
  first: ClaimsTimes;
  /** A check after one sentence was edited, with what the worker kept of the checks before (ClaimMemo). */
  afterEdit: ClaimsTimes;
  /** What the worker's memo held at the end, in characters. */
  memoChars: number;
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
 * figure), and a report of 600 passages for the uncited sentences. Each run is what the claim
 * worker does for one check (server/src/claims/claimWorker.ts): the body's figures read once,
 * checkClaims with its passage lookups (a Map, as the worker's request carries them) and
 * claimKeys, timed one after another: first without a memo (every check reads everything), then
 * with the worker's ClaimMemo, one sentence of the body edited before each check, as typing does.
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
  const check = (memo: ClaimMemo | null) => {
    const figures = bodyFigures(body, MAX_CHECKED_FIGURES, memo);
    const findings = checkClaims({
      body,
      passage: (id) => {
        const text = passages.get(id);
        return text === undefined ? null : { evidenceId: id, text };
      },
      citationEvidence: () => null,
      report,
      figures,
      memo,
    });
    claimKeys(body, figures);
    return findings.length;
  };
  const memo = new ClaimMemo(report);
  /** Run i types into one sentence: a word of its paragraph's first text run changes. */
  const edit = (i: number) => {
    const block = body[i % body.length]!;
    const first = block[0] as { text: string };
    block[0] = { text: first.text.replace(/ (while|whilst) /, i % 2 === 0 ? " whilst " : " while ") };
  };
  const timed = (each: (i: number) => void): ClaimsTimes => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      each(i);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: times.at(-1)! };
  };
  let figures = 0;
  for (let i = 0; i < 20; i++) figures = check(null);
  const first = timed(() => check(null));
  for (let i = 0; i < 20; i++) check(memo);
  const afterEdit = timed((i) => {
    edit(i);
    if (check(memo) !== figures) throw new Error("a check with the memo found other findings than without it");
  });
  return { words, citations, figures, runs, first, afterEdit, memoChars: memo.size };
}
