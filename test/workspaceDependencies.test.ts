/**
 * Each workspace declares what its files import, and nothing they do not (issue 16).
 *
 * The root install hoists every package into one node_modules, so an import a workspace never
 * declared still resolves here, and fails only where that workspace is installed on its own (a
 * production image with development dependencies left out). This suite reads the sources instead:
 * every bare import (and every relative path into another workspace) must be declared by the
 * workspace whose file imports it; code that runs in production takes it from `dependencies`,
 * tests and build configuration from `devDependencies`; a declared package nothing imports is
 * an error unless it is a types package for something imported or a tool named in TOOLS below.
 * It also checks that every `exports`/`main`/`types` entry names a file that exists.
 */
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Packages declared although no source file imports them, each with the reason. Keyed by the
 * workspace's folder ("." is the root package).
 */
const TOOLS: Record<string, Record<string, string>> = {
  ".": {
    "@biomejs/biome": "`npm run lint` (part of `npm test`) checks formatting and lint rules with it",
    concurrently: "`npm run dev` runs the server (through tsx) and Vite's dev server side by side",
    typescript: "tsc runs `npm run typecheck`",
    tsx: "`node --import tsx` runs the server from source (`npm run serve`, `npm run dev`, the server the tests spawn) and the bench",
  },
  client: {
    "@tiptap/extension-bubble-menu":
      "pinned at the Tiptap version, or npm resolves @tiptap/react's copy to a newer one (STACK.md)",
    "@tiptap/extension-floating-menu":
      "pinned at the Tiptap version, or npm resolves @tiptap/react's copy to a newer one (STACK.md)",
  },
};

/** Folders the scan never enters: installed, built or generated files. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "test-results", ".git"]);
/** Folders inside a workspace that hold a separate package, checked as their own or not at all. */
const SEPARATE_PACKAGES = ["test/bench/peers"];

const SOURCE_FILE = /\.(?:c|m)?[jt]sx?$/;
/**
 * Files that only ever run from TypeScript source, with the reason: the compiled build replaces
 * them, so their imports are development dependencies. Keyed by the path from the repository root.
 */
const SOURCE_ONLY: Record<string, string> = {
  "server/src/workers/fromSource.ts":
    "loads TypeScript workers through tsx; server/build.mjs replaces it with a module that throws",
};

/** A file whose imports never run in production: a test, a test helper, build configuration or a build script, or a SOURCE_ONLY file. */
function isDevelopmentFile(workspaceDir: string, file: string): boolean {
  if (workspaceDir === "test") return true;
  if (path.posix.join(workspaceDir, file) in SOURCE_ONLY) return true;
  return (
    /\.test\.[cm]?[jt]sx?$/.test(file) ||
    /(^|\/)testing\//.test(file) ||
    /(^|\/)(vite|vitest)\.config\.[cm]?[jt]s$/.test(file) ||
    /^build\.[cm]?js$/.test(file)
  );
}

/** The module specifiers of a source text: static, type-only, re-exported, dynamic, required, resolved. */
function moduleSpecifiers(source: string): string[] {
  const forms = [
    /\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s*)?["']([^"'\n]+)["']/g,
    /\bexport\s+(?:type\s+)?[^'";]*?\s+from\s*["']([^"'\n]+)["']/g,
    /\bimport\s*\(\s*["']([^"'\n]+)["']/g,
    /\brequire\s*\(\s*["']([^"'\n]+)["']/g,
    /(?:\brequire|\)|\bimport\.meta)\.resolve\s*\(\s*["']([^"'\n]+)["']/g,
  ];
  const found = new Set<string>();
  for (const form of forms) for (const match of source.matchAll(form)) found.add(match[1]!);
  return [...found];
}

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names ("@scope/name/deep" → "@scope/name"), or null for builtins and non-packages. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) return null;
  const parts = specifier.split("?")[0]!.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  if (!PACKAGE_NAME.test(name) || BUILTINS.has(name)) return null;
  return name;
}

interface PackageJson {
  name?: string;
  workspaces?: string[];
  main?: string;
  types?: string;
  typings?: string;
  module?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Workspace {
  /** Folder relative to the repository root, "." for the root package. */
  dir: string;
  pkg: PackageJson;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
}

/** The root package and every workspace its `workspaces` patterns name. */
function workspacesOf(root: string): Workspace[] {
  const rootPkg = readPackage(root);
  const found: Workspace[] = [{ dir: ".", pkg: rootPkg }];
  for (const pattern of rootPkg.workspaces ?? []) {
    const dirs = pattern.endsWith("/*")
      ? readdirSync(path.join(root, pattern.slice(0, -2)))
          .map((name) => `${pattern.slice(0, -2)}/${name}`)
          .filter((dir) => existsSync(path.join(root, dir, "package.json")))
      : [pattern];
    for (const dir of dirs.sort()) found.push({ dir, pkg: readPackage(path.join(root, dir)) });
  }
  return found;
}

function sourceFiles(root: string, workspace: Workspace, all: Workspace[]): string[] {
  const others = new Set(
    [...all.map((w) => w.dir), ...SEPARATE_PACKAGES]
      .filter((dir) => dir !== workspace.dir)
      .map((dir) => path.join(root, dir)),
  );
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIPPED_DIRS.has(name)) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!others.has(full)) walk(full);
      } else if (SOURCE_FILE.test(name) && !name.endsWith(".d.ts")) {
        files.push(full);
      }
    }
  };
  walk(path.join(root, workspace.dir));
  return files;
}

/** The workspace whose folder holds a path (the deepest one), or the root package. */
function owningWorkspace(root: string, file: string, all: Workspace[]): Workspace {
  const relative = path.relative(root, file).split(path.sep).join("/");
  let best = all[0]!;
  for (const workspace of all) {
    if (
      workspace.dir !== "." &&
      (relative === workspace.dir || relative.startsWith(`${workspace.dir}/`)) &&
      workspace.dir.length > best.dir.length
    )
      best = workspace;
  }
  return best;
}

interface Use {
  /** Files (relative to the workspace) importing the package. */
  files: string[];
  /** Whether any of them runs in production. */
  production: boolean;
}

/** Every package a workspace's files import, by bare name or by a relative path into another workspace. */
function importsOf(root: string, workspace: Workspace, all: Workspace[]): Map<string, Use> {
  const uses = new Map<string, Use>();
  const add = (name: string, file: string) => {
    const relative = path.relative(path.join(root, workspace.dir), file).split(path.sep).join("/");
    const use = uses.get(name) ?? { files: [], production: false };
    if (!use.files.includes(relative)) use.files.push(relative);
    if (!isDevelopmentFile(workspace.dir, relative)) use.production = true;
    uses.set(name, use);
  };
  for (const file of sourceFiles(root, workspace, all)) {
    for (const specifier of moduleSpecifiers(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        const target = owningWorkspace(root, path.resolve(path.dirname(file), specifier), all);
        if (target !== workspace && target.dir !== "." && target.pkg.name) add(target.pkg.name, file);
        continue;
      }
      const name = packageOf(specifier);
      if (name && name !== workspace.pkg.name) add(name, file);
    }
  }
  return uses;
}

const listed = (files: string[]) =>
  files.length > 2 ? `${files.slice(0, 2).join(", ")} and ${files.length - 2} more` : files.join(", ");

/** What is wrong with one workspace's declarations, one sentence each; empty when they match its imports. */
function dependencyProblems(root: string, workspace: Workspace, all: Workspace[]): string[] {
  const label = workspace.dir === "." ? "the root package" : `${workspace.dir} (${workspace.pkg.name})`;
  const dependencies = workspace.pkg.dependencies ?? {};
  const devDependencies = workspace.pkg.devDependencies ?? {};
  const uses = importsOf(root, workspace, all);
  const problems: string[] = [];
  for (const [name, use] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
    if (!(name in dependencies) && !(name in devDependencies)) {
      problems.push(`${label} imports "${name}" (${listed(use.files)}) but does not declare it in its package.json`);
    } else if (use.production && !(name in dependencies)) {
      const running = use.files.filter((file) => !isDevelopmentFile(workspace.dir, file));
      problems.push(
        `${label} imports "${name}" from code that runs in production (${listed(running)}), so it belongs in dependencies, not devDependencies`,
      );
    } else if (!use.production && name in dependencies) {
      problems.push(
        `${label} imports "${name}" only from tests or build configuration (${listed(use.files)}), so it belongs in devDependencies`,
      );
    }
  }
  const tools = TOOLS[workspace.dir] ?? {};
  for (const name of [...Object.keys(dependencies), ...Object.keys(devDependencies)].sort()) {
    if (uses.has(name) || name in tools) continue;
    if (name.startsWith("@types/")) {
      const typed = name.slice("@types/".length);
      const untyped = typed.includes("__") ? `@${typed.replace("__", "/")}` : typed;
      if (untyped === "node" || uses.has(untyped)) {
        if (name in dependencies)
          problems.push(
            `${label} declares the types package "${name}" in dependencies: types are only read by the type checker, so it belongs in devDependencies`,
          );
        continue;
      }
      problems.push(`${label} declares "${name}" but imports no "${untyped}"`);
      continue;
    }
    problems.push(
      `${label} declares "${name}" but no file of it imports it (a tool it runs belongs in TOOLS in test/workspaceDependencies.test.ts, with the reason)`,
    );
  }
  return problems;
}

/** Every file path an `exports` value names, with the key path that leads to it. */
function exportTargets(value: unknown, at: string): Array<[string, string]> {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => exportTargets(item, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => exportTargets(item, `${at}["${key}"]`));
  return [];
}

/** Entries of `main`, `types`, `typings`, `module` and `exports` that name no existing file. */
function entryProblems(root: string, workspace: Workspace): string[] {
  const dir = path.join(root, workspace.dir);
  const entries: Array<[string, string]> = [];
  for (const field of ["main", "types", "typings", "module"] as const) {
    const value = workspace.pkg[field];
    if (typeof value === "string") entries.push([field, value]);
  }
  entries.push(...exportTargets(workspace.pkg.exports, "exports"));
  const problems: string[] = [];
  for (const [at, target] of entries) {
    if (target.includes("*")) {
      const [before, after] = target.split("*") as [string, string];
      const folder = path.join(dir, path.dirname(before));
      const stem = path.basename(before);
      const matches =
        existsSync(folder) &&
        readdirSync(folder, { recursive: true, encoding: "utf8" }).some(
          (file) => file.startsWith(stem) && file.endsWith(after),
        );
      if (!matches)
        problems.push(
          `${workspace.pkg.name ?? workspace.dir}: ${at} is the pattern "${target}", which matches no file`,
        );
      continue;
    }
    const file = path.join(dir, target);
    if (!existsSync(file) || !statSync(file).isFile())
      problems.push(`${workspace.pkg.name ?? workspace.dir}: ${at} names "${target}", which does not exist`);
  }
  return problems;
}

const WORKSPACES = workspacesOf(ROOT);

/** Fixture source with `%` for each quote, so that this file's own scan does not read its examples as imports. */
const quoted = (text: string) => text.replaceAll("%", '"');

describe("the scan of imports", () => {
  it("finds every form a source file imports a package by, and nothing else", () => {
    const source = [
      `import a from %alpha%;`,
      `import type { B } from %@scope/beta/deep/path.js%;`,
      `import {`,
      `  c,`,
      `  d,`,
      `} from %gamma%;`,
      `import %delta/side-effect.css%;`,
      `export { e } from %epsilon%;`,
      `export * from %./local.js%;`,
      `const f = await import(%zeta%);`,
      `const g = require(%eta%);`,
      `const h = require.resolve(%theta/package.json%);`,
      `const i = createRequire(import.meta.url).resolve(%@scope/iota/file.js%);`,
      `import fs from %node:fs%;`,
      `import path from %path%;`,
      `const typst = '#import %@preview/cetz:0.3.0%';`,
      `const notAnImport = path.resolve(%kappa%);`,
    ].join("\n");
    const names = moduleSpecifiers(quoted(source))
      .map(packageOf)
      .filter((name) => name !== null);
    expect(names.sort()).toEqual([
      "@scope/beta",
      "@scope/iota",
      "alpha",
      "delta",
      "epsilon",
      "eta",
      "gamma",
      "theta",
      "zeta",
    ]);
  });

  describe("over a made-up repository", () => {
    const root = mkdtempSync(path.join(tmpdir(), "accord-deps-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    write("package.json", JSON.stringify({ name: "fake", private: true, workspaces: ["packages/*", "app"] }));
    write(
      "packages/lib/package.json",
      JSON.stringify({
        name: "@fake/lib",
        exports: { ".": "./src/index.ts", "./gone": "./src/gone.ts" },
        dependencies: { zod: "^4" },
      }),
    );
    write("packages/lib/src/index.ts", quoted(`import { z } from %zod%;\nexport const s = z.string();\n`));
    write(
      "app/package.json",
      JSON.stringify({
        name: "@fake/app",
        main: "./src/main.ts",
        dependencies: { express: "^5", vitest: "^4", leftpad: "^1" },
        devDependencies: { "@types/express": "^5", "@types/multer": "^2" },
      }),
    );
    write(
      "app/src/main.ts",
      quoted(
        `import express from %express%;\nimport { s } from %../../packages/lib/src/index.js%;\nimport { WebSocket } from %ws%;\n`,
      ),
    );
    write("app/src/main.test.ts", quoted(`import { it } from %vitest%;\n`));
    const all = workspacesOf(root);
    const app = all.find((w) => w.dir === "app")!;
    const lib = all.find((w) => w.dir === "packages/lib")!;

    it("names the workspace and the package of each import without a declaration, misplaced declaration or unused one", () => {
      expect(dependencyProblems(root, app, all)).toEqual([
        `app (@fake/app) imports "@fake/lib" (src/main.ts) but does not declare it in its package.json`,
        `app (@fake/app) imports "vitest" only from tests or build configuration (src/main.test.ts), so it belongs in devDependencies`,
        `app (@fake/app) imports "ws" (src/main.ts) but does not declare it in its package.json`,
        `app (@fake/app) declares "@types/multer" but imports no "multer"`,
        `app (@fake/app) declares "leftpad" but no file of it imports it (a tool it runs belongs in TOOLS in test/workspaceDependencies.test.ts, with the reason)`,
      ]);
      expect(dependencyProblems(root, lib, all)).toEqual([]);
    });

    it("names each exports or main entry whose file does not exist", () => {
      expect(entryProblems(root, lib)).toEqual([
        `@fake/lib: exports["./gone"] names "./src/gone.ts", which does not exist`,
      ]);
      expect(entryProblems(root, app)).toEqual([]);
    });
  });
});

describe("Accord's workspaces", () => {
  it("are the root package, the four shared packages and more, found from the root's workspaces field", () => {
    expect(WORKSPACES.map((w) => w.dir)).toEqual(
      expect.arrayContaining([".", "server", "client", "test", "packages/domain", "packages/export"]),
    );
  });

  for (const workspace of WORKSPACES) {
    it(`${workspace.dir === "." ? "the root package" : workspace.dir} declares exactly what its files import, each where it runs`, () => {
      expect(dependencyProblems(ROOT, workspace, WORKSPACES)).toEqual([]);
    });

    it(`${workspace.dir === "." ? "the root package" : workspace.dir}'s exports, main and types name files that exist`, () => {
      expect(entryProblems(ROOT, workspace)).toEqual([]);
    });
  }
});

/**
 * The compiled server (server/build.mjs) bundles one file per worker, from the list in
 * server/src/workers/entries.json, and the server finds them through workerEntry(). A worker the
 * list lacks, or one started from a TypeScript path of its own, works from source and under the
 * tests, and fails only in production: these checks read the sources so that it fails here.
 * (test/integration/compiledServer.test.ts then runs the built files.)
 */
describe("the server's workers", () => {
  const server = WORKSPACES.find((w) => w.dir === "server")!;
  const entries = JSON.parse(readFileSync(path.join(ROOT, "server/src/workers/entries.json"), "utf8")) as string[];
  const production = sourceFiles(ROOT, server, WORKSPACES)
    .map((file) => ({
      file: path.relative(path.join(ROOT, "server"), file).split(path.sep).join("/"),
      text: readFileSync(file, "utf8"),
    }))
    .filter(({ file }) => !isDevelopmentFile("server", file));

  it("are each a module of server/src, under a file name no other entry has (server/dist is flat)", () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries)
      expect(existsSync(path.join(ROOT, "server/src", `${entry}.ts`)), `server/src/${entry}.ts`).toBe(true);
    const names = entries.map((entry) => path.posix.basename(entry));
    expect(new Set(names).size).toBe(names.length);
  });

  it("are named through workerEntry() by the code that starts them, each entry by some code, and nothing else", () => {
    const named = new Set<string>();
    for (const { text } of production)
      for (const match of text.matchAll(/\bworkerEntry\(\s*"([^"]+)"\s*\)/g)) named.add(match[1]!);
    expect([...named].sort()).toEqual([...entries].sort());
  });

  it("are never started from a TypeScript path in code that runs in production (the compiled server has none)", () => {
    // workers/entries.ts is the one place that names a worker's TypeScript file, when running from source.
    const typescriptUrls = production
      .filter(({ file }) => file !== "src/workers/entries.ts")
      .flatMap(({ file, text }) =>
        [...text.matchAll(/new URL\(\s*["'`][^"'`]*\.ts["'`]/g)].map((match) => `${file}: ${match[0]}`),
      );
    expect(typescriptUrls).toEqual([]);
  });
});
