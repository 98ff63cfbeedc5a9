// Compiles the server ahead of time into server/dist, so that production runs plain JavaScript
// (`npm start` = `node server/dist/main.js`): no TypeScript compiler in a running server.
//
// - Entry points, each its own file in server/dist (flat, beside main.js): the server (main.js),
//   the account CLI (createAccount.js) and every worker's module (server/src/workers/entries.json:
//   the list the server finds its workers by, see workers/entries.ts), and the chunks their
//   dynamic imports become (`<entry>-<hash>.js`), also in server/dist: a bundled module's import.meta.dirname is
//   server/dist wherever its source was, which is why the folder stays flat (config.ts finds
//   ../../client/dist, TypstPdf its template/ from there).
// - The workspace packages (@accord/*) export TypeScript source, so they are bundled. Every other
//   package stays an import of node_modules: native ones (better-sqlite3, the Typst compiler) must,
//   and the production install (`npm ci --omit=dev`) provides them all.
// - workers/fromSource.ts (tsx, for TypeScript workers) is replaced by a module that throws: the
//   compiled server loads compiled workers only and never resolves tsx.
// - Files the bundled code reads beside itself are copied: @accord/export's Typst template.
//
// Run by `npm run build` (root and @accord/server); `node server/build.mjs` from anywhere.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const SERVER = import.meta.dirname;
const SRC = path.join(SERVER, "src");
const DIST = path.join(SERVER, "dist");

const workers = JSON.parse(readFileSync(path.join(SRC, "workers/entries.json"), "utf8"));
const entryPoints = {
  main: path.join(SRC, "main.ts"),
  createAccount: path.join(SRC, "cli/createAccount.ts"),
};
for (const worker of workers) {
  const name = path.posix.basename(worker);
  if (name in entryPoints) throw new Error(`two entry points would both be server/dist/${name}.js`);
  entryPoints[name] = path.join(SRC, `${worker}.ts`);
}

/** Bare imports stay imports, except the workspace packages', which are TypeScript and bundled. */
const npmPackagesExternal = {
  name: "npm-packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@accord/") ? undefined : { path: args.path, external: true },
    );
  },
};

const FROM_SOURCE = path.join(SRC, "workers/fromSource.ts");
const compiledOnly = {
  name: "compiled-workers-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]workers[\\/]fromSource\.ts$/ }, (args) => {
      if (args.path !== FROM_SOURCE) return undefined;
      return {
        loader: "js",
        contents: `export function tsxApiUrl() { throw new Error("the compiled server runs compiled workers only: a TypeScript worker needs the server run from source (npm run serve)"); }`,
      };
    });
  },
};

const started = performance.now();
rmSync(DIST, { recursive: true, force: true });
// One build per entry point: esbuild's code splitting puts a file in the chunk of every entry
// point that imports it at all, not only of those that use it, so built together the server's
// main thread loaded the export and import workers' libraries (docx, Typst, mammoth, …) through
// the package barrels. Splitting stays on within each build, so a dynamic import (the MongoDB
// store) stays a chunk loaded on demand rather than inlined with its library imported up front.
const results = await Promise.all(
  Object.entries(entryPoints).map(([name, entry]) =>
    build({
      entryPoints: { [name]: entry },
      outdir: DIST,
      // Paths in the metafile from the repository root, wherever the build was started from.
      absWorkingDir: path.resolve(SERVER, ".."),
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20.19",
      sourcemap: true,
      // Named after their entry point: builds that ran side by side never write the same file.
      chunkNames: `${name}-[hash]`,
      plugins: [npmPackagesExternal, compiledOnly],
      metafile: true,
      logLevel: "warning",
    }),
  ),
);
cpSync(path.resolve(SERVER, "../packages/export/src/typst/template"), path.join(DIST, "template"), { recursive: true });
// What each entry bundled and imports, for anyone asking why a file is in the build (esbuild's analyzer reads these).
const metafiles = Object.fromEntries(Object.keys(entryPoints).map((name, i) => [name, results[i].metafile]));
writeFileSync(path.join(DIST, "meta.json"), JSON.stringify(metafiles));
const files = new Set(
  results.flatMap((result) => Object.keys(result.metafile.outputs).filter((file) => file.endsWith(".js"))),
);
console.log(
  `server/dist: ${files.size} files (${Object.keys(entryPoints).join(", ")} and their chunks) in ${Math.round(performance.now() - started)} ms`,
);
