import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

/** How long any one thing a person waits for (a search, a save, the server's citation tracker) may take. */
const WAIT_MS = 15_000;
/** Screenshots of the hover card, the cited-evidence list and the view around it, to look at (not compared). */
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/citations");

/**
 * A report of our own as PDF-extracted text: no footnote markers, so its passages' sources are
 * their page's and must be chosen (CITATIONS.md §2).
 */
const REPORT_TEXT = `Tidal Grid Review

GRID LINKS

Two coastal substations carry the tidal output inland without new pylons. Upgrading them costs far less than a new line.

STORAGE

Pumped storage in the old quarry could hold a night of tidal output for the town.
`;
const QUOTE = "carry the tidal output inland";
const KEYBOARD_QUOTE = "Two coastal substations";
const SOURCE_TITLE = "Connection Plan for the Coastal Grid";

describe("e2e: a writer cites the exact words of a passage and chooses its sources", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function openAs(client: ApiClient, url: string): Promise<Page> {
    if (!browser || !server) throw new Error("the browser or the server did not start");
    const [name, value] = (client.cookie ?? "").split("=");
    if (!name || !value) throw new Error("no session cookie");
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(url);
    await expect
      .poll(() => page.getByTestId("connection-status").textContent(), { timeout: WAIT_MS })
      .toBe("Connected");
    return page;
  }

  function editor(page: Page) {
    return page.getByTestId("editor").locator(".ProseMirror");
  }

  /** How many tabs of `root` a screen reader names exactly `name` (Playwright computes the accessible name). */
  function tabsNamed(root: Locator, name: string): Promise<number> {
    return root.getByRole("tab", { name, exact: true }).count();
  }

  function citationNumbers(page: Page): Promise<string[]> {
    return editor(page).locator("sup.citation").allTextContents();
  }

  /** Drags the mouse over `text` inside `root`, the way a person selects words. */
  async function dragSelect(page: Page, root: Locator, text: string): Promise<void> {
    const ends = await root.evaluate((element, wanted) => {
      const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const nodes: Array<{ node: Text; start: number }> = [];
      let all = "";
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node: node as Text, start: all.length });
        all += node.textContent ?? "";
      }
      const at = all.indexOf(wanted);
      if (at < 0) return null;
      const locate = (offset: number, isEnd: boolean) => {
        const hit = nodes.find(
          ({ node, start }) =>
            offset >= start && (isEnd ? offset <= start + node.length : offset < start + node.length),
        );
        return hit ? { node: hit.node, offset: offset - hit.start } : null;
      };
      const from = locate(at, false);
      const to = locate(at + wanted.length, true);
      if (!from || !to) return null;
      const range = element.ownerDocument.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      const rects = range.getClientRects();
      const first = rects[0];
      const last = rects[rects.length - 1];
      if (!first || !last) return null;
      return {
        x1: first.left + 1,
        y1: first.top + first.height / 2,
        x2: last.right - 1,
        y2: last.top + last.height / 2,
      };
    }, text);
    if (!ends) throw new Error(`"${text}" is not in the passage`);
    await page.mouse.move(ends.x1, ends.y1);
    await page.mouse.down();
    await page.mouse.move(ends.x2, ends.y2, { steps: 8 });
    await page.mouse.up();
  }

  it("selects words in the evidence panel and with the keyboard, cites them, ticks a source; a viewer only reads", {
    timeout: 180_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    const base = server.url;

    // A lead's brief with the report, one bibliography source, a recommendation, a writer and a viewer.
    const lead = await buildUser(base, "Lena Lead");
    const brief = await buildBrief(lead, "Tidal grid");
    const imported = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Tidal Grid Review",
      format: "text",
      content: REPORT_TEXT,
    });
    expect(imported.status).toBe(201);
    const source = await lead.post(`/api/briefs/${brief.id}/sources`, {
      csl: {
        type: "report",
        title: SOURCE_TITLE,
        author: [{ literal: "Coastal Grid Operator" }],
        issued: { "date-parts": [[2024]] },
        URL: "https://example.org/grid-plan",
      },
    });
    expect(source.status).toBe(201);
    const sector = await buildSector(lead, brief.id, "Grid");
    const recommendation = await buildRecommendation(lead, brief.id, sector.id, "Upgrade the coastal substations");
    const writer = await buildUser(base, "Wren Writer");
    await addMember(lead, writer, brief.id, "editor");
    const viewer = await buildUser(base, "Vic Viewer");
    await addMember(lead, viewer, brief.id, "viewer");
    const recommendationUrl = `${base}/briefs/${brief.id}/recommendations/${recommendation.id}`;

    const page = await openAs(writer, recommendationUrl);
    await editor(page).click();
    await page.keyboard.type("Upgrading the substations is the cheap path.");

    // Select words of a passage in the evidence panel with the mouse, and cite them.
    const panel = page.getByRole("complementary", { name: "Evidence and comments" });
    await panel.getByLabel("Search evidence").fill("substations");
    // The list settles on the one match before words are selected (it moves as it narrows).
    await expect.poll(() => panel.getByTestId("evidence-count").textContent()).toBe("1 passage match “substations”.");
    const result = panel.getByTestId("evidence-result").filter({ hasText: "Two coastal substations" });
    await dragSelect(page, result.locator("[data-passage-text]"), QUOTE);
    const citeSelection = result.getByTestId("cite-selection");
    await citeSelection.waitFor();
    expect(await citeSelection.getAttribute("title")).toBe(`Cite “${QUOTE}”`);
    await citeSelection.click();
    await expect.poll(() => citationNumbers(page)).toEqual(["1"]);
    const first = editor(page).locator("sup.citation").first();
    expect(await first.getAttribute("data-citation-id")).toMatch(/^[A-Za-z0-9_-]+$/);

    // The hover card marks exactly those words in their passage; the page's notes are not chosen yet.
    await first.hover();
    const popover = page.getByTestId("citation-popover");
    await expect.poll(() => popover.locator("mark.cited-quote").allTextContents()).toEqual([QUOTE]);
    expect(await popover.getByTestId("citation-popover-text").textContent()).toBe(REPORT_TEXT.split("\n")[4]);
    expect(await popover.getByTestId("sources-not-chosen").textContent()).toBe("Sources not chosen yet");
    await popover.screenshot({ path: path.join(SHOTS, "hover-card-not-chosen.png") });

    // The Citations tab beside the editor counts it as without sources once the server's tracker
    // has read the body; opened from the keyboard, its list shows the citation, marked.
    const citationsTab = panel.getByRole("tab", { name: /^Citations/ });
    await expect.poll(() => tabsNamed(panel, "Citations, 1 without sources"), { timeout: WAIT_MS }).toBe(1);
    expect(await citationsTab.getAttribute("data-unsourced")).toBe("1");
    await page.mouse.move(0, 0);
    await panel.getByRole("tab", { name: "Evidence" }).focus();
    await page.keyboard.press("ArrowRight");
    expect(await citationsTab.getAttribute("aria-selected")).toBe("true");
    expect(await citationsTab.evaluate((element) => element === document.activeElement)).toBe(true);
    const cited = panel.getByTestId("cited-evidence");
    await cited.waitFor();
    await expect
      .poll(() => cited.getByTestId("cited-item-quote").allTextContents(), { timeout: WAIT_MS })
      .toEqual([`“${QUOTE}”`]);
    expect(await cited.getByTestId("cited-item").first().getByTestId("sources-not-chosen").count()).toBe(1);
    // Beside the editor, not under it: the list starts right of the editor's right edge, level with it.
    const editorBox = await page.getByTestId("editor").boundingBox();
    const citedBox = await cited.boundingBox();
    if (!editorBox || !citedBox) throw new Error("the editor or the list is not laid out");
    expect(citedBox.x).toBeGreaterThanOrEqual(editorBox.x + editorBox.width);
    expect(citedBox.y).toBeLessThan(editorBox.y + editorBox.height);
    await page.screenshot({ path: path.join(SHOTS, "recommendation-citations-tab.png") });

    // Keyboard only: focus the citation, Shift+Enter opens its card, tick the bibliography source, save.
    await first.focus();
    await page.keyboard.press("Shift+Enter");
    const card = page.getByTestId("citation-card");
    await card.waitFor();
    const sourceBox = card.getByRole("checkbox", { name: new RegExp(SOURCE_TITLE) });
    await sourceBox.focus();
    await page.keyboard.press("Space");
    expect(await sourceBox.isChecked()).toBe(true);
    await page.getByRole("dialog").screenshot({ path: path.join(SHOTS, "citation-card.png") });
    await card.getByRole("button", { name: "Save sources" }).focus();
    await page.keyboard.press("Enter");
    await card.waitFor({ state: "detached" });

    // The side list now shows the chosen source, and no "not chosen" mark.
    await expect
      .poll(() => cited.getByTestId("bibliography-source").allTextContents())
      .toEqual([expect.stringContaining(SOURCE_TITLE)]);
    expect(await cited.getByTestId("sources-not-chosen").count()).toBe(0);
    expect(await cited.getByRole("status").textContent()).toBe("Every citation has its sources.");
    await expect.poll(() => citationsTab.getAttribute("data-unsourced")).toBe("0");
    expect(await tabsNamed(panel, "Citations")).toBe(1);
    expect(await citationsTab.getByTestId("unsourced-citation-count").count()).toBe(0);
    await cited.screenshot({ path: path.join(SHOTS, "cited-evidence-chosen.png") });

    // The hover card says the same.
    await page.mouse.move(0, 0);
    await first.hover();
    await expect
      .poll(() => popover.getByTestId("bibliography-source").allTextContents())
      .toEqual([expect.stringContaining(SOURCE_TITLE)]);
    expect(await popover.getByTestId("sources-not-chosen").count()).toBe(0);
    await popover.screenshot({ path: path.join(SHOTS, "hover-card-chosen.png") });

    // Choosing words with the keyboard: "Quote words…", then Shift+arrows in the passage.
    await panel.getByRole("tab", { name: "Evidence" }).click();
    await editor(page).click();
    await page.keyboard.press("End");
    await result.getByRole("button", { name: "Quote words…" }).click();
    const chooser = result.getByTestId("quote-chooser");
    const passageBox = chooser.getByRole("textbox", { name: /The passage/ });
    await passageBox.focus();
    await page.keyboard.press("Control+Home");
    for (let i = 0; i < KEYBOARD_QUOTE.length; i += 1) await page.keyboard.press("Shift+ArrowRight");
    await expect
      .poll(() => chooser.getByTestId("quote-chooser-status").textContent())
      .toBe(`Chosen: “${KEYBOARD_QUOTE}”`);
    await result.screenshot({ path: path.join(SHOTS, "quote-chooser.png") });
    await chooser.getByRole("button", { name: "Cite these words" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => citationNumbers(page)).toEqual(["1", "2"]);
    await editor(page).locator("sup.citation").nth(1).hover();
    await expect.poll(() => popover.locator("mark.cited-quote").allTextContents()).toEqual([KEYBOARD_QUOTE]);
    await expect.poll(() => tabsNamed(panel, "Citations, 1 without sources"), { timeout: WAIT_MS }).toBe(1);
    await citationsTab.click();
    await expect
      .poll(() => cited.getByTestId("cited-item-quote").allTextContents(), { timeout: WAIT_MS })
      .toEqual([`“${QUOTE}”`, `“${KEYBOARD_QUOTE}”`]);

    // Its sources chosen from the list beside the editor: the list and the hover card both follow.
    const second = cited.getByTestId("cited-item").nth(1);
    expect(await second.getByTestId("sources-not-chosen").count()).toBe(1);
    await second.getByRole("button", { name: "Choose sources…" }).click();
    await card.getByRole("checkbox", { name: new RegExp(SOURCE_TITLE) }).check();
    await card.getByRole("button", { name: "Save sources" }).click();
    await card.waitFor({ state: "detached" });
    await expect.poll(() => cited.getByTestId("sources-not-chosen").count()).toBe(0);
    await expect.poll(() => citationsTab.getAttribute("data-unsourced")).toBe("0");
    expect(await tabsNamed(panel, "Citations")).toBe(1);
    await page.mouse.move(0, 0);
    await editor(page).locator("sup.citation").nth(1).hover();
    await expect
      .poll(() => popover.getByTestId("bibliography-source").allTextContents())
      .toEqual([expect.stringContaining(SOURCE_TITLE)]);
    await cited.screenshot({ path: path.join(SHOTS, "cited-evidence-two.png") });

    // A passage dragged into the text lands at once, then becomes a stored citation (its sources can be chosen).
    await panel.getByRole("tab", { name: "Evidence" }).click();
    await panel.getByLabel("Search evidence").fill("quarry");
    await expect.poll(() => panel.getByTestId("evidence-count").textContent()).toBe("1 passage match “quarry”.");
    await panel
      .getByTestId("evidence-result")
      .first()
      .locator(".evidence-meta")
      .dragTo(editor(page).locator("p").first());
    await expect.poll(() => citationNumbers(page)).toHaveLength(3);
    await expect
      .poll(() =>
        editor(page)
          .locator("sup.citation")
          .evaluateAll((sups) => sups.map((sup) => sup.getAttribute("data-citation-id") ?? "")),
      )
      .toEqual([expect.stringMatching(/.+/), expect.stringMatching(/.+/), expect.stringMatching(/.+/)]);

    // A viewer sees the citations and their sources, and cannot tick.
    const viewerPage = await openAs(viewer, recommendationUrl);
    const viewerPanel = viewerPage.getByRole("complementary", { name: "Evidence and comments" });
    // The dragged passage's page has its sources to choose still.
    await expect.poll(() => tabsNamed(viewerPanel, "Citations, 1 without sources"), { timeout: WAIT_MS }).toBe(1);
    await viewerPanel.getByRole("tab", { name: /^Citations/ }).click();
    const viewerCited = viewerPanel.getByTestId("cited-evidence");
    await expect.poll(() => viewerCited.getByTestId("cited-item").count(), { timeout: WAIT_MS }).toBe(3);
    expect(await viewerCited.getByTestId("cited-item-quote").allTextContents()).toContain(`“${QUOTE}”`);
    await viewerCited
      .getByTestId("cited-item")
      .filter({ hasText: QUOTE })
      .getByRole("button", { name: "Sources…" })
      .click();
    const viewerCard = viewerPage.getByTestId("citation-card");
    await viewerCard.waitFor();
    expect(await viewerCard.getByRole("checkbox", { name: new RegExp(SOURCE_TITLE) }).isDisabled()).toBe(true);
    expect(await viewerCard.getByRole("checkbox", { name: new RegExp(SOURCE_TITLE) }).isChecked()).toBe(true);
    expect(await viewerCard.getByRole("button", { name: "Save sources" }).count()).toBe(0);
    expect(await viewerCard.getByTestId("citation-card-read-only").count()).toBe(1);
    await viewerCard.getByRole("button", { name: "Close", exact: true }).click();
    // Nor can it through the API.
    const citationId = await first.getAttribute("data-citation-id");
    const refused = await viewer.patch(`/api/briefs/${brief.id}/citations/${citationId}`, { sourceIds: [] });
    expect(refused.status).toBe(403);
  });

  it("cites selected words from the report viewer into the recommendation last open, and words chosen in the [[ picker", {
    timeout: 120_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    const base = server.url;
    const lead = await buildUser(base, "Lena Lead");
    const brief = await buildBrief(lead, "Tidal storage");
    const imported = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Tidal Grid Review",
      format: "text",
      content: REPORT_TEXT,
    });
    expect(imported.status).toBe(201);
    const sector = await buildSector(lead, brief.id, "Storage");
    const recommendation = await buildRecommendation(lead, brief.id, sector.id, "Study the quarry reservoir");

    const page = await openAs(lead, `${base}/briefs/${brief.id}/recommendations/${recommendation.id}`);
    await page.goto(`${base}/briefs/${brief.id}/reports/${imported.body.report.id}`);
    expect(await page.getByLabel("Cite selected words into").inputValue()).toBe(recommendation.id);
    const passage = page.getByTestId("report-passage").filter({ hasText: "Pumped storage" });
    await dragSelect(page, passage.locator("[data-passage-text]"), "a night of tidal output");
    await passage.getByTestId("cite-selection").waitFor();
    await passage.screenshot({ path: path.join(SHOTS, "report-viewer-selection.png") });

    // The server's refusal is shown as it says it: here the first request's words are altered on
    // their way, so the real server finds that the range does not hold them.
    const citations = `${base}/api/briefs/${brief.id}/citations`;
    await page.route(citations, async (route) => {
      const body = route.request().postDataJSON() as { quote: { text: string } };
      await route.continue({
        postData: JSON.stringify({ ...body, quote: { ...body.quote, text: "a day of tidal output" } }),
      });
    });
    await passage.getByTestId("cite-selection").click();
    await expect
      .poll(() => passage.getByTestId("cite-error").textContent())
      .toBe("The quoted text no longer matches the passage: select the words to quote again.");
    expect(page.url()).toContain(`/reports/`);
    await page.unroute(citations);

    await passage.getByTestId("cite-selection").click();

    await page.waitForURL(`${base}/briefs/${brief.id}/recommendations/${recommendation.id}`);
    await expect.poll(() => citationNumbers(page), { timeout: WAIT_MS }).toEqual(["1"]);
    await editor(page).locator("sup.citation").hover();
    await expect
      .poll(() => page.getByTestId("citation-popover").locator("mark.cited-quote").allTextContents())
      .toEqual(["a night of tidal output"]);

    // The [[ picker: Shift+Enter on a passage chooses some of its words, all from the keyboard.
    await page.mouse.move(0, 0);
    await editor(page).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Storage also.");
    await page.keyboard.type("[[");
    const picker = page.getByTestId("evidence-picker");
    await picker.getByRole("combobox", { name: "Cite evidence" }).waitFor();
    await page.keyboard.type("quarry");
    await expect
      .poll(() => picker.getByRole("option").allTextContents())
      .toEqual([expect.stringContaining("Pumped storage in the old quarry")]);
    await page.keyboard.press("Shift+Enter");
    const passageBox = picker.getByRole("textbox", { name: /The passage/ });
    await expect.poll(() => passageBox.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Control+Home");
    for (let i = 0; i < "Pumped storage".length; i += 1) await page.keyboard.press("Shift+ArrowRight");
    await expect.poll(() => picker.getByTestId("quote-chooser-status").textContent()).toBe("Chosen: “Pumped storage”");
    await picker.getByRole("button", { name: "Cite these words" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => citationNumbers(page)).toEqual(["1", "2"]);
    expect(await picker.count()).toBe(0);
    await page.mouse.move(0, 0);
    await editor(page).locator("sup.citation").nth(1).hover();
    await expect
      .poll(() => page.getByTestId("citation-popover").locator("mark.cited-quote").allTextContents())
      .toEqual(["Pumped storage"]);
  });
});
