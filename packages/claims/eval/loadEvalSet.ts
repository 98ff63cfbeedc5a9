import fs from "node:fs";
import path from "node:path";
import { type EvalItem, validateItems } from "./score.js";

/** The labelled set that ships with the package (every *.json here). */
export const EVAL_DIR = import.meta.dirname;

export class EvalSetError extends Error {
  constructor(readonly problems: string[]) {
    super(`the labelled set is malformed:\n  ${problems.join("\n  ")}`);
  }
}

/**
 * Reads a labelled set: one JSON file, or every *.json file of a directory (in name order), and
 * validates it; any problem (unknown label, marker without passage, raw not in its sentence …)
 * throws an EvalSetError naming every wrong item.
 */
export function loadEvalSet(where: string = EVAL_DIR): EvalItem[] {
  const files = fs.statSync(where).isDirectory()
    ? fs
        .readdirSync(where)
        .filter((name) => name.endsWith(".json"))
        .sort()
        .map((name) => path.join(where, name))
    : [where];
  if (files.length === 0) throw new EvalSetError([`${where}: no .json files`]);
  const problems: string[] = [];
  const items: EvalItem[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    const source = path.basename(file);
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      problems.push(`${source}: not JSON (${(error as Error).message})`);
      continue;
    }
    const found = validateItems(data, source, ids);
    problems.push(...found);
    if (found.length === 0) items.push(...(data as EvalItem[]));
  }
  if (problems.length > 0) throw new EvalSetError(problems);
  return items;
}
