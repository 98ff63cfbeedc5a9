import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * tsx's API (`tsx/esm/api`), for a worker whose module is TypeScript: the server running from
 * source (`npm run serve`, `npm run dev`) and the tests. Found through tsx's package.json rather
 * than `import.meta.resolve`, which under `node --import tsx` waits on the loader's thread.
 *
 * The compiled server never loads TypeScript: server/build.mjs replaces this module with one that
 * throws, so a running production server does not even resolve tsx (a development dependency).
 */
export function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve("tsx/package.json");
  const exports = JSON.parse(fs.readFileSync(tsxPackage, "utf8")).exports["./esm/api"].import.default as string;
  return pathToFileURL(path.resolve(path.dirname(tsxPackage), exports)).href;
}
