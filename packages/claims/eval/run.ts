import path from "node:path";
import { EVAL_DIR, EvalSetError, loadEvalSet } from "./loadEvalSet.js";
import { CLAIM_LABELS, meetsTargets, SCORED_KINDS, scoreItems, TARGETS } from "./score.js";

/**
 * `npm run eval:claims [path-or-dir]`: scores checkClaims against the labelled set in
 * packages/claims/eval (or another set of the same format) and prints precision and recall per
 * finding kind and the first errors. Exits 1 when the mismatch targets are missed, 2 when the set
 * is malformed.
 */
// npm runs scripts from the root; a path is meant from where the command was typed.
const where =
  process.argv[2] === undefined ? EVAL_DIR : path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]);
const SHOWN_ERRORS = 40;

let items: ReturnType<typeof loadEvalSet>;
try {
  items = loadEvalSet(where);
} catch (error) {
  if (!(error instanceof EvalSetError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const score = scoreItems(items);
const percent = (value: number) => `${(value * 100).toFixed(1)} %`.padStart(7);
const pad = (value: string | number, width: number) => String(value).padStart(width);

console.log(`${where}: ${score.items} items, ${score.figures} figures`);
console.log(`labels: ${CLAIM_LABELS.map((label) => `${label} ${score.labels[label]}`).join(", ")}\n`);
console.log("kind           TP    FP    FN   precision   recall");
for (const kind of SCORED_KINDS) {
  const k = score.kinds[kind];
  console.log(
    `${kind.padEnd(12)} ${pad(k.tp, 4)}  ${pad(k.fp, 4)}  ${pad(k.fn, 4)}    ${percent(k.precision)}  ${percent(k.recall)}`,
  );
}
if (score.counterparts.given > 0)
  console.log(
    `\nmismatches showing the expected passage figure: ${score.counterparts.agreeing}/${score.counterparts.given}`,
  );

if (score.errors.length > 0) {
  console.log(`\nerrors (${Math.min(SHOWN_ERRORS, score.errors.length)} of ${score.errors.length}):`);
  for (const error of score.errors.slice(0, SHOWN_ERRORS))
    console.log(
      `  ${error.id.padEnd(18)} ${JSON.stringify(error.raw).padEnd(26)} expected ${error.expected.padEnd(11)} got ${error.got.length === 0 ? "nothing" : error.got.join("+")}${error.note ? `  (${error.note})` : ""}`,
    );
}

const met = meetsTargets(score);
console.log(
  `\nmismatch precision ${percent(score.kinds.mismatch.precision).trim()} (target ≥ ${percent(TARGETS.mismatchPrecision).trim()}), ` +
    `recall ${percent(score.kinds.mismatch.recall).trim()} (target ≥ ${percent(TARGETS.mismatchRecall).trim()}): ${met ? "met" : "MISSED"}`,
);
process.exitCode = met ? 0 : 1;
