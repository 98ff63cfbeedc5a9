/**
 * Just enough HTML parsing for mammoth's output, which is generated, well-formed and escaped:
 * no comments, scripts or unclosed elements other than the void ones. Not a general parser.
 */
export interface HtmlElement {
  tag: string;
  attributes: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

const VOID_TAGS = new Set(["br", "hr", "img", "col", "wbr"]);
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([^\s=/>]+)(?:="([^"]*)")?/g;

export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: "#root", attributes: {}, children: [] };
  const stack: HtmlElement[] = [root];
  for (const match of html.matchAll(TOKEN)) {
    const [, closing, rawTag, rawAttributes, selfClosing, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) {
      top.children.push(decodeEntities(text));
      continue;
    }
    const tag = rawTag!.toLowerCase();
    if (closing) {
      // Pop back to the matching element; a stray close tag is ignored.
      const index = stack.findLastIndex((element) => element.tag === tag);
      if (index > 0) stack.length = index;
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const attribute of (rawAttributes ?? "").matchAll(ATTRIBUTE)) {
      attributes[attribute[1]!.toLowerCase()] = decodeEntities(attribute[2] ?? "");
    }
    const element: HtmlElement = { tag, attributes, children: [] };
    top.children.push(element);
    if (!selfClosing && !VOID_TAGS.has(tag)) stack.push(element);
  }
  return root;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (entity, body: string) => {
    if (body.startsWith("#x")) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return NAMED[body] ?? entity;
  });
}
