import path from "node:path";
import entries from "./entries.json" with { type: "json" };

/**
 * Every worker's module, by its path under server/src without extension: the one list the
 * server names its workers from (workerEntry) and server/build.mjs compiles them from.
 */
export const WORKER_ENTRIES: readonly string[] = entries;

/** True when this module runs as TypeScript (tsx, vitest), false in the compiled server/dist. */
export const FROM_SOURCE = import.meta.url.endsWith(".ts");

/**
 * Where a worker's module is. From source it is the TypeScript file under server/src. Compiled,
 * every worker is its own bundle beside main.js in server/dist, named after its source file
 * (server/build.mjs): bundled code's import.meta.url is the bundle's, so a path relative to a
 * source file would point nowhere there.
 */
export function workerEntry(sourcePath: string): URL {
  if (!WORKER_ENTRIES.includes(sourcePath))
    throw new Error(`${sourcePath} is not in server/src/workers/entries.json, so the build would not compile it`);
  return FROM_SOURCE
    ? new URL(`../${sourcePath}.ts`, import.meta.url)
    : new URL(`./${path.posix.basename(sourcePath)}.js`, import.meta.url);
}
