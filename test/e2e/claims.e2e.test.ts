import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type ApiClient, addMember, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import {
  connected,
  documentText,
  editorBody,
  saved,
  seriousViolations,
  useSignedInPages,
  WAIT_MS,
} from "../helpers/e2ePages.js";

/** A report the test writes itself: each passage states one figure the recommendation gets right or wrong. */
const REPORT = `# North American Trade Review 2024

## Goods trade

In 2023 Mexico imported $614.5 billion of goods from the United States, more than from any other partner.

Manufacturing employment in the border states rose 4 percent over the year.

## Energy

Cross-border electricity trade reached 7 gigawatts of capacity in 2023.
`;

const SHOTS = path.resolve(import.meta.dirname, "../../test-results/claims");

const GOODS = "Mexico imported $614 billion of US goods in 2023.";
const JOBS = " Border-state factory jobs rose 6 percent.";
/** Right as cited: the passage says 7 gigawatts. */
const POWER = "Cross-border power trade reached 7 gigawatts in 2023.";
/** Stated by the report, cited nowhere: an "unsupported" figure. */
const UNCITED_JOBS = " Manufacturing employment in the border states rose 4 percent.";

/** The claim check reports within 1 s of a pause (ISSUE19 §3); the event, the refetch and the drawing get this much more. */
const CHECK_AFTER_PAUSE_MS = 1_000;
const DRAWN_AFTER_CHECK_MS = 1_000;

describe("e2e: the claim check — a wrong figure underlined, compared with its passage, ignored with a reason, and approval confirmed", () => {
  const pages = useSignedInPages();
  const { open, pageErrors } = pages;

  /** Types `[[`, searches the evidence for `query` and cites the one passage it finds. */
  async function citeByPicker(page: Page, query: string, expected: string): Promise<void> {
    await page.keyboard.type("[[");
    const picker = page.getByTestId("evidence-picker");
    await picker.getByRole("combobox", { name: "Cite evidence" }).waitFor();
    await page.keyboard.type(query);
    await expect.poll(() => picker.getByRole("option").allTextContents()).toEqual([expect.stringContaining(expected)]);
    await page.keyboard.press("Enter");
    await picker.waitFor({ state: "detached" });
  }

  /** The underlined figures in the live text, as "<kind class>: <text>". */
  function underlines(page: Page): Promise<string[]> {
    return editorBody(page)
      .locator(".claim-highlight")
      .evaluateAll((elements) =>
        elements.map((element) => {
          const kind = [...element.classList].find((name) => name.startsWith("claim-") && name !== "claim-highlight");
          return `${kind}: ${element.textContent}`;
        }),
      );
  }

  /** Waits until every page that typed says "Saved" (nothing left to send): the pause, from which the check's bound runs. */
  async function paused(typists: Page[]): Promise<number> {
    for (const page of typists) await saved(page);
    return Date.now();
  }

  /**
   * Each page must show `expected` underlined within the check's second and the drawing's after
   * the pause, whatever was waited for since. Returns the time after the pause.
   */
  async function underlinedWithin(pausedAt: number, watchers: Page[], expected: string[]): Promise<number> {
    const left = CHECK_AFTER_PAUSE_MS + DRAWN_AFTER_CHECK_MS - (Date.now() - pausedAt);
    if (left <= 0)
      throw new Error(`${Date.now() - pausedAt} ms passed after "Saved" before the underlines were looked at`);
    await Promise.all(
      watchers.map((page) => expect.poll(() => underlines(page), { timeout: left, interval: 50 }).toEqual(expected)),
    );
    return Date.now() - pausedAt;
  }

  /**
   * A lead, the editors named, a brief with the trade report imported, and one recommendation
   * (created by the first editor); `url` is the recommendation's page.
   */
  async function briefWithReport(...editorNames: string[]) {
    const base = pages.server().url;
    const lead = await buildUser(base, "Lena Lead");
    const brief = await buildBrief(lead, "North American trade");
    const sector = await buildSector(lead, brief.id, "Trade");
    const editors: ApiClient[] = [];
    for (const name of editorNames) {
      const editor = await buildUser(base, name);
      await addMember(lead, editor, brief.id, "editor");
      editors.push(editor);
    }
    const imported = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Trade review",
      format: "markdown",
      content: REPORT,
    });
    expect(imported.status).toBe(201);
    const recommendation = await buildRecommendation(editors[0]!, brief.id, sector.id, "Keep the goods trade open");
    const claimsPath = `/api/briefs/${brief.id}/recommendations/${recommendation.id}/claims`;
    return {
      base,
      lead,
      editors,
      brief,
      claimsPath,
      url: `${base}/briefs/${brief.id}/recommendations/${recommendation.id}`,
    };
  }

  /**
   * Puts the caret in the body's `index`th block (empty when called: a click there lands in it),
   * and waits until the editor's own selection is there: until ProseMirror reads the click, a
   * remote change can put the caret back where it was.
   */
  async function caretInBlock(page: Page, index: number): Promise<void> {
    const block = editorBody(page).locator(":scope > *").nth(index);
    await expect
      .poll(async () => {
        const at = await selectedBlock(page);
        if (at === index) return at;
        await block.click();
        return selectedBlock(page);
      })
      .toBe(index);
  }

  /** The top-level block holding the editor's selection (Tiptap hangs the editor on its element). */
  function selectedBlock(page: Page): Promise<number | null> {
    return editorBody(page).evaluate((element) => {
      const state = (
        element as unknown as { editor?: { state: { selection: { $from: { index(depth: number): number } } } } }
      ).editor?.state;
      return state ? state.selection.$from.index(0) : null;
    });
  }

  it("an editor's wrong figure is underlined within a second of the pause; the card shows both figures; the lead sees the count, and approves only after confirming", {
    timeout: 150_000,
  }, async () => {
    const { base, lead, editors, brief, url } = await briefWithReport("Eddie Editor");
    const writer = editors[0]!;

    // The editor writes two sentences, each citing the passage it draws on, both figures wrong.
    const e = await open(writer, url);
    await editorBody(e).click();
    await e.keyboard.type(GOODS);
    await citeByPicker(e, "imported", "$614.5 billion");
    await e.keyboard.type(JOBS);
    await citeByPicker(e, "employment", "4 percent");
    await expect.poll(() => documentText(e)).toBe(`${GOODS}1${JOBS}2`);

    // Both are underlined as mismatches, within the check's second after the pause.
    const drawnAfterMs = await underlinedWithin(
      await paused([e]),
      [e],
      ["claim-mismatch: $614 billion", "claim-mismatch: 6 percent"],
    );
    console.log(`claims e2e: underlines drawn ${drawnAfterMs} ms after "Saved"`);

    // The Figures tab counts and lists them.
    const figuresTab = e.getByRole("tab", { name: /^Figures/ });
    await expect.poll(() => e.getByTestId("open-figure-count").textContent()).toBe("2 to check");
    await figuresTab.click();
    await expect
      .poll(() => e.getByTestId("claims-summary").textContent())
      .toBe("2 figures to check: 2 differ from the cited passage.");

    // A click on the underline opens the card: the draft's figure beside the passage's, the figure marked in its passage.
    await editorBody(e).locator(".claim-highlight", { hasText: "$614 billion" }).click();
    const card = e.getByTestId("claim-card");
    await card.waitFor();
    expect(await card.getByRole("heading").textContent()).toBe("Differs from the cited passage");
    expect(await card.getByTestId("claim-draft-figure").textContent()).toBe("$614 billion");
    expect(await card.getByTestId("claim-passage-figure").textContent()).toBe("$614.5 billion");
    await expect.poll(() => card.getByTestId("claim-passage-mark").textContent()).toBe("$614.5 billion");
    expect(await card.getByTestId("claim-passage-text").textContent()).toBe(
      "In 2023 Mexico imported $614.5 billion of goods from the United States, more than from any other partner.",
    );
    // A mismatch is cited already: the card offers no other citation.
    expect(await card.getByTestId("claim-cite-button").count()).toBe(0);
    fs.mkdirSync(SHOTS, { recursive: true });
    await e.screenshot({ path: path.join(SHOTS, "card-and-panel.png") });
    expect(await seriousViolations(e)).toEqual([]);

    // Opened by a click, the card leaves the focus in the text; Escape closes it there.
    expect(await e.evaluate(() => document.activeElement?.id)).toBe("recommendation-editor");
    await e.keyboard.press("Escape");
    await card.waitFor({ state: "detached" });
    // Alt+Enter with the caret in the figure opens it from the keyboard: the card takes the focus, and Escape gives it back.
    await e.keyboard.press("Alt+Enter");
    await card.waitFor();
    await expect.poll(() => e.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("claim-card");
    await e.keyboard.press("Escape");
    await card.waitFor({ state: "detached" });
    expect(await e.evaluate(() => document.activeElement?.id)).toBe("recommendation-editor");
    expect(await documentText(e)).toBe(`${GOODS}1${JOBS}2`);

    // A second person sees the same count, here and on the dashboard.
    const l = await open(lead, url);
    await expect.poll(() => l.getByTestId("open-figure-count").textContent()).toBe("2 to check");
    await l.goto(`${base}/briefs/${brief.id}`);
    await expect
      .poll(() => l.getByTestId("progress-Trade").getByTestId("claim-count").textContent())
      .toBe("2 figures to check");
    await l.goto(url);
    await connected(l);

    // From the keyboard: the panel's entry opens the card; the editor ignores the jobs figure with a reason.
    const jobsEntry = e.getByTestId("claim-item").filter({ hasText: "6 percent" });
    await jobsEntry.focus();
    await e.keyboard.press("Enter");
    await card.waitFor();
    await expect.poll(() => e.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("claim-card");
    expect(await card.getByTestId("claim-draft-figure").textContent()).toBe("6 percent");
    expect(await card.getByTestId("claim-passage-figure").textContent()).toBe("4 percent");
    await card.getByRole("button", { name: "Ignore…" }).click();
    await card
      .getByLabel("Why is the figure right as written?")
      .fill("Our own count of factory jobs, not the report's.");
    await card.getByRole("button", { name: "Ignore this check" }).click();
    await card.waitFor({ state: "detached" });
    await expect
      .poll(() => e.getByTestId("claim-ignored-reason").allTextContents())
      .toEqual(["Ignored by Eddie Editor: Our own count of factory jobs, not the report's."]);
    await expect.poll(() => underlines(e)).toEqual(["claim-mismatch: $614 billion"]);
    // The lead's page follows through `claims.updated`.
    await expect.poll(() => l.getByTestId("open-figure-count").textContent(), { timeout: WAIT_MS }).toBe("1 to check");
    await expect.poll(() => underlines(l)).toEqual(["claim-mismatch: $614 billion"]);

    // The editor submits; the lead's approval is refused while a figure disagrees, and asks to confirm.
    await e.getByRole("group", { name: "Change status" }).getByRole("button", { name: "Submit for review" }).click();
    await e.getByRole("dialog").getByRole("button", { name: "Submit for review" }).click();
    const approve = l.getByRole("group", { name: "Change status" }).getByRole("button", { name: "Approve" });
    await approve.click();
    await l.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
    const confirm = l.getByRole("dialog", { name: "Figures disagree with their evidence" });
    await confirm.waitFor();
    expect(await confirm.locator(".dialog-description").textContent()).toBe(
      "1 figure disagrees with the evidence it cites. Approve anyway?",
    );
    expect(await seriousViolations(l)).toEqual([]);
    await confirm.getByRole("button", { name: "Approve anyway" }).click();
    await confirm.waitFor({ state: "detached" });
    await expect
      .poll(() => l.getByTestId("read-only-notice").textContent())
      .toBe("Approved — read-only until a lead reopens it.");

    expect(pageErrors).toEqual([]);
  });

  it("two editors type into one recommendation at once: after both pause, both pages underline the wrong figure and the uncited one, not the right one; “Cite this passage” cites the uncited one for both", {
    timeout: 150_000,
  }, async () => {
    const { lead, editors, claimsPath, url } = await briefWithReport("Eddie Editor", "Rita Reyes");
    const [eddie, rita] = editors as [ApiClient, ApiClient];
    const a = await open(eddie, url);
    const b = await open(rita, url);

    // Two empty paragraphs, one for each; each puts the caret in their own.
    await editorBody(a).click();
    await a.keyboard.press("Enter");
    await expect.poll(() => documentText(b), { timeout: WAIT_MS }).toBe("\n");
    await caretInBlock(a, 0);
    await caretInBlock(b, 1);

    // Both type at the same time: Eddie a wrong figure cited to its passage; Rita a right one
    // cited to its passage, then a figure the report states, without a citation.
    await Promise.all([
      (async () => {
        await a.keyboard.type(GOODS);
        await citeByPicker(a, "imported", "$614.5 billion");
      })(),
      (async () => {
        await b.keyboard.type(POWER);
        await citeByPicker(b, "electricity", "7 gigawatts");
        await b.keyboard.type(UNCITED_JOBS);
      })(),
    ]);
    const bothPaused = await paused([a, b]);
    const written = `${GOODS}1\n${POWER}2${UNCITED_JOBS}`;
    await expect.poll(() => documentText(a)).toBe(written);
    await expect.poll(() => documentText(b)).toBe(written);

    // Within the bound after the pause, both pages underline Eddie's wrong figure and Rita's uncited one.
    const drawnAfterMs = await underlinedWithin(
      bothPaused,
      [a, b],
      ["claim-mismatch: $614 billion", "claim-unsupported: 4 percent"],
    );
    console.log(`claims e2e: two people's underlines drawn on both pages ${drawnAfterMs} ms after the last "Saved"`);
    // The right figure was read and agrees: the check reports only the two.
    const checked = await lead.get(claimsPath);
    expect(checked.status).toBe(200);
    expect(checked.body.counts).toEqual({ mismatch: 1, unsupported: 1, notFound: 0, inconsistent: 0 });
    expect(checked.body.findings.map((finding: { figure: { raw: string } }) => finding.figure.raw).sort()).toEqual([
      "$614 billion",
      "4 percent",
    ]);
    for (const page of [a, b])
      await expect.poll(() => page.getByTestId("open-figure-count").textContent()).toBe("2 to check");

    // Rita, from the keyboard: the Figures tab's entry opens the uncited figure's card, which offers the report's passage.
    await b.getByRole("tab", { name: /^Figures/ }).click();
    await expect
      .poll(() => b.getByTestId("claims-summary").textContent())
      .toBe("2 figures to check: 1 differs from the cited passage, 1 without a citation.");
    await b.getByTestId("claim-item").filter({ hasText: "4 percent" }).focus();
    await b.keyboard.press("Enter");
    const card = b.getByTestId("claim-card");
    await card.waitFor();
    await expect.poll(() => b.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("claim-card");
    expect(await card.getByRole("heading").textContent()).toBe("Not cited, but the report states it");
    expect(await card.getByTestId("claim-draft-figure").textContent()).toBe("4 percent");
    expect(await card.getByTestId("claim-passage-figure").textContent()).toBe("4 percent");
    await expect.poll(() => card.getByTestId("claim-passage-mark").textContent()).toBe("4 percent");
    expect(await card.getByTestId("claim-passage-text").textContent()).toBe(
      "Manufacturing employment in the border states rose 4 percent over the year.",
    );
    fs.mkdirSync(SHOTS, { recursive: true });
    await b.screenshot({ path: path.join(SHOTS, "unsupported-card.png") });
    expect(await seriousViolations(b)).toEqual([]);
    // Tab walks the card: its close button, then "Cite this passage"; Enter cites.
    await b.keyboard.press("Tab");
    expect(await b.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Close the figure check");
    await b.keyboard.press("Tab");
    expect(await b.evaluate(() => document.activeElement?.textContent)).toBe("Cite this passage");
    await b.keyboard.press("Enter");
    await card.waitFor({ state: "detached" });

    // The citation stands at the end of that sentence, numbered after the two before it, on both
    // pages; the check that follows the pause drops the finding on both.
    const citedPaused = await paused([b]);
    const cited = `${GOODS}1\n${POWER}2${UNCITED_JOBS}3`;
    await expect.poll(() => documentText(b)).toBe(cited);
    await expect.poll(() => documentText(a)).toBe(cited);
    const clearedAfterMs = await underlinedWithin(citedPaused, [b, a], ["claim-mismatch: $614 billion"]);
    console.log(`claims e2e: a cited figure's underline gone on both pages ${clearedAfterMs} ms after "Saved"`);
    for (const page of [a, b])
      await expect.poll(() => page.getByTestId("open-figure-count").textContent()).toBe("1 to check");
    await expect
      .poll(() => b.getByTestId("claims-summary").textContent())
      .toBe("1 figure to check: 1 differs from the cited passage.");
    expect(await b.getByTestId("claim-item").allTextContents()).toEqual([
      `$614 billionDiffers from the cited passage${GOODS}`,
    ]);

    expect(pageErrors).toEqual([]);
  });

  it("the lead's export preview warns of an open mismatch, naming the count, and the warning goes when the editor ignores it", {
    timeout: 150_000,
  }, async () => {
    const { lead, editors, url } = await briefWithReport("Eddie Editor");
    const e = await open(editors[0]!, url);
    await editorBody(e).click();
    await e.keyboard.type(GOODS);
    await citeByPicker(e, "imported", "$614.5 billion");
    await expect.poll(() => documentText(e)).toBe(`${GOODS}1`);
    await underlinedWithin(await paused([e]), [e], ["claim-mismatch: $614 billion"]);

    // The lead opens the export page and includes drafts: the preview warns before any download.
    const l = await open(lead, url);
    await l.getByRole("navigation", { name: "Brief" }).getByRole("link", { name: "Export" }).click();
    await l.getByRole("checkbox", { name: "Draft" }).check();
    const warning = l.getByTestId("export-claim-warning");
    await expect
      .poll(() => warning.textContent())
      .toBe(
        "Figures to check. 1 figure disagrees with the evidence it cites. Check them in each recommendation's Figures tab before sending the brief.",
      );
    expect(await l.getByRole("status").filter({ hasText: "recommendation" }).textContent()).toBe(
      "1 recommendation, 1 footnote.",
    );
    fs.mkdirSync(SHOTS, { recursive: true });
    await l.screenshot({ path: path.join(SHOTS, "export-warning.png") });
    expect(await seriousViolations(l)).toEqual([]);

    // The editor ignores the figure with a reason; the lead's open preview follows and drops the warning.
    await editorBody(e).locator(".claim-highlight", { hasText: "$614 billion" }).click();
    const card = e.getByTestId("claim-card");
    await card.waitFor();
    await card.getByRole("button", { name: "Ignore…" }).click();
    await card
      .getByLabel("Why is the figure right as written?")
      .fill("Rounded on purpose: the brief rounds to billions.");
    await card.getByRole("button", { name: "Ignore this check" }).click();
    await card.waitFor({ state: "detached" });
    await expect.poll(() => underlines(e)).toEqual([]);
    await expect.poll(() => warning.count(), { timeout: WAIT_MS }).toBe(0);
    expect(await l.getByRole("status").filter({ hasText: "recommendation" }).textContent()).toBe(
      "1 recommendation, 1 footnote.",
    );
    await l.screenshot({ path: path.join(SHOTS, "export-no-warning.png") });

    expect(pageErrors).toEqual([]);
  });
});
