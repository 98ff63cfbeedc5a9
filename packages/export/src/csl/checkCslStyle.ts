import type { CslItem } from "./cslItem.js";
import { CslEngine } from "./CslEngine.js";
import { childrenNamed, CslStyleError, parseCslXml, textOf } from "./cslXml.js";
import type { CslNode } from "./styles.js";

/** A made-up report and web page the style must be able to cite before Accord accepts it. */
const PROBE_ITEMS = new Map<string, CslItem>([
  [
    "probe-report",
    {
      type: "report",
      title: "Probe Report on Grid Storage",
      author: [{ family: "Probe", given: "Pat" }],
      publisher: "Probe Institute",
      issued: { "date-parts": [[2024, 3, 5]] },
      number: "P-1",
    },
  ],
  [
    "probe-page",
    {
      type: "webpage",
      title: "Probe Page",
      author: [{ literal: "Probe Agency" }],
      URL: "https://example.org/probe",
      issued: { "date-parts": [[2023]] },
    },
  ],
]);

/**
 * Checks an uploaded CSL file before a brief may use it: well-formed XML (`parseCslXml`),
 * an independent `<style>` of class "note" or "in-text" with a title and a `<citation>`, and
 * one that citeproc renders: two probe notes (first and subsequent cite) and a bibliography.
 * Throws `CslStyleError` with a message for the lead who uploaded it.
 */
export function checkCslStyle(xml: string): { title: string; class: "note" | "in-text" } {
  const style = parseCslXml(xml);
  return { ...describeStyle(style), class: probe(style) };
}

function describeStyle(style: CslNode): { title: string; class: "note" | "in-text" } {
  const styleClass = style.attrs.class;
  if (styleClass !== "note" && styleClass !== "in-text")
    throw new CslStyleError('The <style> element\'s class must be "note" or "in-text".');
  const info = childrenNamed(style, "info")[0];
  const title = textOf(info ? childrenNamed(info, "title")[0] : undefined);
  if (!title) throw new CslStyleError("The style has no <info><title>.");
  if (childrenNamed(style, "citation").length === 0) {
    const parent = info ? childrenNamed(info, "link").some((link) => link.attrs.rel === "independent-parent") : false;
    throw new CslStyleError(
      parent
        ? "This is a dependent style (it only points to a parent style): upload the parent style instead."
        : "The style has no <citation> element.",
    );
  }
  return { title: title.slice(0, 500), class: styleClass };
}

/** The title of a parsed style (a custom one's <info><title>). */
export function styleTitle(style: CslNode): string {
  return describeStyle(style).title;
}

function probe(style: CslNode): "note" | "in-text" {
  try {
    const engine = CslEngine.create(style, PROBE_ITEMS);
    const notes = engine.renderNotes([
      [{ id: "probe-report", locator: "12", label: "page" }, { id: "probe-page" }],
      [{ id: "probe-report", locator: "13", label: "page" }],
    ]);
    for (const runs of notes) {
      const text = runs.map((run) => run.text).join("");
      if (text === "") throw new Error("a citation came out empty");
      // citeproc writes its own complaints into the output instead of throwing.
      if (text.includes("[CSL STYLE ERROR")) throw new Error(text);
    }
    engine.bibliography();
    return engine.styleClass;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CslStyleError(
      `citeproc could not render a test citation with this style: ${reason.split("\n", 1)[0]!.slice(0, 300)}`,
    );
  }
}
