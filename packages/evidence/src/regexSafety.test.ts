import fs from "node:fs";
import path from "node:path";
import { analyse } from "scslre";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { textKey } from "./textScan.js";

/**
 * No regular expression in the importers may backtrack super-linearly: they all run on user
 * text, up to the upload limit. Collected from the source itself, so a regex added later is
 * checked without anyone listing it: every regex literal in every module of src/ (tests and
 * testing/ aside), and for each `new RegExp(…)` a module builds, the RegExp values it exports
 * (a module that builds more than it exports fails here). scslre finds the attacks that repeat
 * one character; the two-character ones (`![` × n) are what linearTime.timing.test.ts measures.
 */
const SRC = import.meta.dirname;

interface Found {
  file: string;
  regex: RegExp;
}

function sourceFiles(): string[] {
  return fs
    .readdirSync(SRC)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .sort();
}

function scan(file: string): { literals: RegExp[]; constructed: number } {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(SRC, file), "utf8"), ts.ScriptTarget.Latest, true);
  const literals: RegExp[] = [];
  let constructed = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const text = node.text;
      const end = text.lastIndexOf("/");
      literals.push(new RegExp(text.slice(1, end), text.slice(end + 1)));
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText() === "RegExp") {
      constructed++;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, constructed };
}

async function exportedRegexes(file: string): Promise<RegExp[]> {
  const module = (await import(`./${file.replace(/\.ts$/, ".js")}`)) as Record<string, unknown>;
  return Object.values(module).flatMap((value) =>
    value instanceof RegExp
      ? [value]
      : Array.isArray(value)
        ? value.filter((item): item is RegExp => item instanceof RegExp)
        : [],
  );
}

async function allRegexes(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of sourceFiles()) {
    const { literals, constructed } = scan(file);
    found.push(...literals.map((regex) => ({ file, regex })));
    if (constructed > 0) {
      const exported = await exportedRegexes(file);
      expect(
        exported.length,
        `${file} builds ${constructed} RegExp(s) and must export each for this test`,
      ).toBeGreaterThanOrEqual(constructed);
      found.push(...exported.map((regex) => ({ file, regex })));
    }
  }
  return found;
}

describe("regexes on user text", () => {
  it("none in packages/evidence has a super-linear worst case (scslre)", async () => {
    const found = await allRegexes();
    // What the scan sees: if this drops, the scan lost regexes, not the code.
    expect(found.length).toBeGreaterThanOrEqual(50);
    const slow = found.flatMap(({ file, regex }) =>
      analyse(regex).reports.map(
        (report) => `${file}: ${regex} (repeat ${JSON.stringify(report.character.pick)}: ${report.type})`,
      ),
    );
    expect(slow).toEqual([]);
  });

  it("the check catches what it is for: the heading regex the importer used to have", () => {
    const reports = analyse(/^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/).reports;
    expect(reports.length).toBeGreaterThan(0);
  });
});

describe("map keys from user text", () => {
  it("long text is keyed by a digest: V8 hashes strings past 16,383 characters by their length alone", () => {
    const long = (last: string) => `${"a".repeat(20_000)}${last}`;
    expect(textKey("short words")).toBe("short words");
    expect(textKey(long("x"))).toHaveLength(45);
    expect(textKey(long("x"))).toBe(textKey(long("x")));
    expect(textKey(long("x"))).not.toBe(textKey(long("y")));
  });
});
