import fs from "node:fs";
import path from "node:path";
import { analyse } from "scslre";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { AGREE_PATTERNS } from "./agree.js";
import { CLAIM_PATTERNS } from "./figures.js";

/**
 * The claim check runs its patterns over a recommendation's body and its cited passages, both
 * user text: none may backtrack super-linearly (scslre, as packages/evidence/src/regexSafety.test.ts
 * does for the importers). Checked: the patterns each module builds (exported for this test) and
 * every regex literal in src/ (tests aside). linearTime.timing.test.ts measures a whole body.
 */
function literals(): RegExp[] {
  const found: RegExp[] = [];
  for (const file of fs
    .readdirSync(import.meta.dirname)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))) {
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(path.join(import.meta.dirname, file), "utf8"),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const end = node.text.lastIndexOf("/");
        found.push(new RegExp(node.text.slice(1, end), node.text.slice(end + 1)));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("regexes of the claim check", () => {
  it("none has a super-linear worst case (scslre)", () => {
    const patterns = [...CLAIM_PATTERNS, ...AGREE_PATTERNS, ...literals()];
    // What the scan sees: if this drops, the scan lost patterns, not the code.
    expect(patterns.length).toBeGreaterThanOrEqual(20);
    const slow = patterns.flatMap((regex) =>
      analyse(regex).reports.map(
        (report) => `${regex} (repeat ${JSON.stringify(report.character.pick)}: ${report.type})`,
      ),
    );
    expect(slow).toEqual([]);
  });
});
