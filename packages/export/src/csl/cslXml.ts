import { createRequire } from "node:module";
import type { CslNode } from "./styles.js";

/** An uploaded style's size limit (CITATIONS.md §5; the server answers 413 past it). @default 512 KiB */
export const MAX_CSL_STYLE_BYTES = 512 * 1024;
/** Element nesting an uploaded style may have (real styles nest about 12 deep). @default 64 */
export const MAX_CSL_DEPTH = 64;

const CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl";

/** An uploaded CSL style that Accord cannot use; the message says why, for the lead who uploaded it. */
export class CslStyleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CslStyleError";
  }
}

interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}
interface SaxParser {
  onerror: (error: Error) => void;
  onopentag: (tag: SaxTag) => void;
  onclosetag: (name: string) => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  ondoctype: (doctype: string) => void;
  onprocessinginstruction: (instruction: { name: string; body: string }) => void;
  write(chunk: string): SaxParser;
  close(): SaxParser;
}
const require = createRequire(import.meta.url);
const sax = require("sax") as { parser(strict: boolean, options: object): SaxParser };

/**
 * A CSL file as the tree citeproc-js takes (`{name, attrs, children}`), read with sax in
 * strict mode. citeproc-js's own string reader (CSL.parseXml) accepts malformed XML and runs
 * backtracking regexes over it, so uploaded XML never reaches it: malformed XML, a DTD,
 * nesting past `MAX_CSL_DEPTH` or a root that is not a CSL `<style>` throw `CslStyleError`.
 * Text-only elements keep their text (newlines as spaces); an empty `<term>` is "" as citeproc expects.
 */
export function parseCslXml(xml: string): CslNode {
  if (Buffer.byteLength(xml, "utf8") > MAX_CSL_STYLE_BYTES)
    throw new CslStyleError(`The style is larger than ${MAX_CSL_STYLE_BYTES / 1024} KiB.`);
  const parser = sax.parser(true, {
    xmlns: false,
    trim: false,
    normalize: false,
    position: true,
    strictEntities: true,
  });
  const stack: CslNode[] = [];
  let root: CslNode | null = null;
  const fail = (message: string): never => {
    throw new CslStyleError(message);
  };
  parser.onerror = (error) => fail(`The file is not well-formed XML: ${error.message.split("\n", 1)[0]}`);
  parser.ondoctype = () => fail("The file declares a DTD (<!DOCTYPE>), which a CSL style never does.");
  parser.onprocessinginstruction = (instruction) => {
    if (instruction.name !== "xml")
      fail(`The file holds a processing instruction <?${instruction.name}?>, which a CSL style never does.`);
  };
  parser.onopentag = (tag) => {
    if (stack.length >= MAX_CSL_DEPTH) fail(`The style nests elements more than ${MAX_CSL_DEPTH} deep.`);
    const node: CslNode = { name: tag.name, attrs: { ...tag.attributes }, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else if (root) fail("The file has more than one root element.");
    else root = node;
    stack.push(node);
  };
  parser.onclosetag = () => {
    const node = stack.pop();
    if (node && node.name === "term" && node.children.length === 0) node.children.push("");
  };
  const onText = (text: string) => {
    const parent = stack[stack.length - 1];
    if (!parent || text.trim() === "") return;
    parent.children.push(text.replace(/[\r\n]+/g, " "));
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.write(xml).close();

  const style = root as CslNode | null;
  if (!style) throw new CslStyleError("The file holds no XML element.");
  if (style.name !== "style") throw new CslStyleError(`The root element is <${style.name}>, not a CSL <style>.`);
  if (style.attrs.xmlns !== CSL_NAMESPACE)
    throw new CslStyleError(`The <style> element is not in the CSL namespace (${CSL_NAMESPACE}).`);
  return style;
}

/** The child elements named `name`. */
export function childrenNamed(node: CslNode, name: string): CslNode[] {
  return node.children.filter((child): child is CslNode => typeof child !== "string" && child.name === name);
}

/** The text of a text-only element. */
export function textOf(node: CslNode | undefined): string {
  return (node?.children ?? [])
    .filter((child): child is string => typeof child === "string")
    .join("")
    .trim();
}
