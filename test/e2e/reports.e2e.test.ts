import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { makeTempDir, startServer, type TestServer } from "../helpers/startServer.js";

/** How long any one thing a person waits for (an import, a search, the server's citation count) may take. */
const WAIT_MS = 15_000;
/**
 * A small report of our own: front matter with every metadata field, two sections, three
 * passages each citing one numbered footnote, a figure's caption, notes with whole citations and URLs.
 */
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/tidal-energy-notes.md");
/** A text report whose numbers were lost (like the seed): each passage's sources are its page's URLs. */
const PAGE_SOURCES_FIXTURE = path.resolve(import.meta.dirname, "../fixtures/reports/coral-strait-brief.txt");
/** Set to a folder to keep a screenshot of each screen (for looking at them, not for asserting). */
const SCREENSHOTS = process.env.ACCORD_E2E_SCREENSHOTS;

/** expect.poll with the time a person waits here (its own default, one second, is short on a busy machine). */
function poll<T>(check: () => Promise<T> | T) {
  return expect.poll(check, { timeout: WAIT_MS });
}

describe("e2e: a lead manages imported reports and reads their sources in Chromium", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const tempDirs: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(client: ApiClient): Promise<Page> {
    if (!browser || !server) throw new Error("the browser or the server did not start");
    const [name, value] = (client.cookie ?? "").split("=");
    if (!name || !value) throw new Error("the user has no session cookie");
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    await context.addCookies([{ name, value, url: server.url }]);
    return context.newPage();
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  }

  function metadataValues(page: Page) {
    return Promise.all(
      ["title", "authors", "publisher", "date", "reportNumber"].map((field) =>
        page.getByTestId(`report-metadata-${field}`).textContent(),
      ),
    );
  }

  it("imports, corrects the details, reads numbered notes, refuses a duplicate unless copied, and deletes", {
    timeout: 150_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    const base = server.url;
    const lead = await buildUser(base, "Lena Lead");
    const brief = await buildBrief(lead, "Tidal power");
    const sector = await buildSector(lead, brief.id, "Energy");
    const recommendation = await buildRecommendation(lead, brief.id, sector.id, "License the second turbine array");
    const page = await open(lead);

    // Import from the Evidence page: the dialog shows what the report says about itself.
    await page.goto(`${base}/briefs/${brief.id}/evidence`);
    await page.getByRole("button", { name: "Import report" }).click();
    const dialog = page.getByRole("dialog", { name: "Report imported" });
    await page.getByLabel("Choose a file").setInputFiles(FIXTURE);
    await dialog.getByTestId("import-summary").waitFor();
    expect(await dialog.getByTestId("import-summary").getByRole("status").textContent()).toBe(
      "Imported “Tidal Energy Notes”.",
    );
    expect(await metadataValues(page)).toEqual([
      "Tidal Energy Notes",
      "Mara Quint; Tobias Fenn",
      "Estuary Policy Group",
      "2024-03",
      "EPG-17",
    ]);
    await shot(page, "1-import-details");

    // The lead corrects them there: a new title and publisher, a full date, one author fewer.
    await dialog.getByRole("button", { name: "Correct the details" }).click();
    const form = dialog.getByRole("form", { name: "Report details" });
    expect(await form.getByLabel("Authors").inputValue()).toBe("Mara Quint\nTobias Fenn");
    await form.getByLabel("Title").fill("Tidal Power Review");
    await form.getByLabel("Authors").fill("Mara Quint");
    await form.getByLabel("Publisher").fill("Estuary Policy Institute");
    await form.getByLabel("Date").fill("2024-03-15");
    await shot(page, "2-import-correct");
    await form.getByRole("button", { name: "Save details" }).click();
    await poll(() => metadataValues(page)).toEqual([
      "Tidal Power Review",
      "Mara Quint",
      "Estuary Policy Institute",
      "2024-03-15",
      "EPG-17",
    ]);
    expect(await dialog.getByTestId("import-summary").getByRole("status").textContent()).toBe(
      "Imported “Tidal Power Review”.",
    );
    // A date the server refuses is named under its field, and nothing changes.
    await dialog.getByRole("button", { name: "Correct the details" }).click();
    await form.getByLabel("Date").fill("March 2024");
    await form.getByRole("button", { name: "Save details" }).click();
    await poll(() => form.locator(".field-error").count()).toBe(1);
    expect(await form.getByLabel("Date").getAttribute("aria-invalid")).toBe("true");
    await form.getByRole("button", { name: "Cancel" }).click();
    await dialog.getByRole("button", { name: "Not now" }).click();
    await dialog.waitFor({ state: "detached" });

    const rows = page.getByTestId("report-row");
    await poll(() => rows.locator(".report-list-title").allTextContents()).toEqual(["Tidal Power Review"]);
    expect(await rows.getByTestId("report-byline").textContent()).toBe(
      "Mara Quint · Estuary Policy Institute · 2024-03-15 · EPG-17",
    );

    // In the recommendation's evidence panel each passage's sources are its numbered notes, in full.
    await page.goto(`${base}/briefs/${brief.id}/recommendations/${recommendation.id}`);
    await poll(() => page.getByTestId("connection-status").textContent()).toBe("Connected");
    const panel = page.getByRole("complementary", { name: "Evidence and comments" });
    await panel.getByLabel("Search evidence").fill("substations");
    const grid = panel.getByTestId("evidence-result").filter({ hasText: "Two substations on the coast" });
    await poll(() => grid.getByTestId("source-note").allTextContents()).toEqual([
      'Footnote 3Coastal Grid Operator, "Connection Plan", https://example.org/grid-plan (opens in a new tab) and https://example.org/grid-annex (opens in a new tab)',
    ]);
    expect(
      await grid
        .getByTestId("source-note")
        .getByRole("link")
        .evaluateAll((links) => links.map((link) => link.getAttribute("href"))),
    ).toEqual(["https://example.org/grid-plan", "https://example.org/grid-annex"]);
    expect(await grid.getByTestId("source-notes").getAttribute("data-sources-from")).toBe("markers");
    expect(await grid.getByTestId("sources-from-page").count()).toBe(0);
    await panel.getByLabel("Search evidence").fill("maintenance crews");
    const crews = panel.getByTestId("evidence-result").filter({ hasText: "Maintenance crews reached each turbine" });
    await poll(() => crews.getByTestId("source-note").allTextContents()).toEqual([
      "Footnote 2Offshore Maintenance Survey (2023), p. 4.",
    ]);
    await shot(page, "3-evidence-panel");

    // Cite it, so the report is cited by this recommendation.
    await page.getByTestId("editor").locator(".ProseMirror").click();
    await page.keyboard.type("Crews are close enough.");
    await crews.getByRole("button", { name: "Cite" }).click();
    await poll(() => page.getByTestId("editor").locator("sup.citation").allTextContents()).toEqual(["1"]);
    // The hover card shows the same numbered note.
    await page.getByTestId("editor").locator("sup.citation").first().hover();
    const card = page.getByTestId("citation-popover");
    await poll(() => card.getByTestId("source-note").allTextContents()).toEqual([
      "Footnote 2Offshore Maintenance Survey (2023), p. 4.",
    ]);
    await shot(page, "3b-hover-card");
    await poll(
      async () =>
        (await lead.get(`/api/briefs/${brief.id}/recommendations/${recommendation.id}`)).body.recommendation
          .citedEvidenceIds.length,
    ).toBe(1);

    // The same file again: refused, naming the report it already is; a copy on request.
    await page.goto(`${base}/briefs/${brief.id}/evidence`);
    await page.getByRole("button", { name: "Import report" }).click();
    await page.getByLabel("Choose a file").setInputFiles(FIXTURE);
    const duplicate = page.getByRole("dialog", { name: "Already imported" });
    await duplicate.getByTestId("import-duplicate").waitFor();
    expect(await duplicate.getByRole("status").textContent()).toBe(
      "“tidal-energy-notes.md” is already imported as “Tidal Power Review”.",
    );
    await shot(page, "4-duplicate");
    await duplicate.getByRole("button", { name: "Import a copy" }).click();
    const copied = page.getByRole("dialog", { name: "Report imported" });
    await copied.getByTestId("import-summary").waitFor();
    expect(await copied.getByTestId("import-summary").getByRole("status").textContent()).toBe(
      "Imported “Tidal Energy Notes (copy)”.",
    );
    await copied.getByRole("button", { name: "Not now" }).click();
    await poll(() => rows.locator(".report-list-title").allTextContents()).toEqual([
      "Tidal Power Review",
      "Tidal Energy Notes (copy)",
    ]);

    // Deleting the cited report is refused, listing the recommendation that cites it as a link.
    await page.getByRole("button", { name: "Delete Tidal Power Review" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this report?" });
    await shot(page, "5-delete-confirm");
    await confirm.getByRole("button", { name: "Delete report" }).click();
    const cited = page.getByRole("dialog", { name: "This report is cited" });
    const citing = cited.getByRole("list", { name: "Recommendations citing the report" }).getByRole("link");
    await poll(() => citing.allTextContents()).toEqual(["License the second turbine array"]);
    expect(await citing.getAttribute("href")).toBe(`/briefs/${brief.id}/recommendations/${recommendation.id}`);
    await shot(page, "6-delete-cited");
    await cited.getByRole("button", { name: "Close", exact: true }).click();

    // The uncited copy goes, after the confirmation (by keyboard: focus moves into the dialog); the cited one stays.
    await page.getByRole("button", { name: "Delete Tidal Energy Notes (copy)" }).focus();
    await page.keyboard.press("Enter");
    const confirmCopy = page.getByRole("dialog", { name: "Delete this report?" });
    await poll(() =>
      page.evaluate(() => document.activeElement?.closest("dialog")?.querySelector("h2")?.textContent),
    ).toBe("Delete this report?");
    await confirmCopy.getByRole("button", { name: "Delete report" }).focus();
    await page.keyboard.press("Enter");
    await poll(() => rows.locator(".report-list-title").allTextContents()).toEqual(["Tidal Power Review"]);
    // Focus stays in the list, not on the button that went with the report.
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("report-list");
    const reports = await lead.get(`/api/briefs/${brief.id}/reports`);
    expect(reports.body.reports.map((report: { title: string }) => report.title)).toEqual(["Tidal Power Review"]);
    await shot(page, "7-after-delete");

    // A viewer reads the same details, with nothing to change them.
    const viewer = await buildUser(base, "Vic Viewer");
    await addMember(lead, viewer, brief.id, "viewer");
    const viewerPage = await open(viewer);
    await viewerPage.goto(`${base}/briefs/${brief.id}/evidence`);
    const viewerRows = viewerPage.getByTestId("report-row");
    await poll(() => viewerRows.getByTestId("report-byline").allTextContents()).toEqual([
      "Mara Quint · Estuary Policy Institute · 2024-03-15 · EPG-17",
    ]);
    expect(await viewerRows.getByRole("button").count()).toBe(0);
    expect(await viewerPage.getByRole("button", { name: "Import report" }).count()).toBe(0);
    await viewerRows.getByRole("link", { name: "Tidal Power Review" }).click();
    await viewerPage.getByRole("heading", { name: "Tidal Power Review", level: 1 }).waitFor();
    expect(await viewerPage.getByTestId("report-metadata-title").count()).toBe(0);
    expect(
      await Promise.all(
        ["authors", "publisher", "date", "reportNumber"].map((field) =>
          viewerPage.getByTestId(`report-metadata-${field}`).textContent(),
        ),
      ),
    ).toEqual(["Mara Quint", "Estuary Policy Institute", "2024-03-15", "EPG-17"]);
    // A figure's title is a passage of its own kind, marked as a caption.
    expect(await viewerPage.locator(".passage-caption .passage-text").allTextContents()).toEqual([
      "Caption Figure 1. Monthly output of the northern strait turbines, 2023.",
    ]);
    await shot(viewerPage, "8-viewer-report");

    // The client takes .markdown as the server does: the same bytes under that name are the same report.
    const tempDir = makeTempDir("accord-e2e-reports-");
    tempDirs.push(tempDir);
    const renamed = path.join(tempDir, "tidal-energy-notes.markdown");
    fs.copyFileSync(FIXTURE, renamed);
    await page.getByRole("button", { name: "Import report" }).click();
    await page.getByLabel("Choose a file").setInputFiles(renamed);
    await poll(() => page.getByRole("dialog", { name: "Already imported" }).getByRole("status").textContent()).toBe(
      "“tidal-energy-notes.markdown” is already imported as “Tidal Power Review”.",
    );
    await page.getByRole("dialog", { name: "Already imported" }).getByRole("button", { name: "Cancel" }).click();

    // A report without footnote markers: the sources are its page's notes, and the passage says so.
    const coral = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Coral Strait brief",
      format: "text",
      content: fs.readFileSync(PAGE_SOURCES_FIXTURE, "utf8"),
    });
    expect(coral.status).toBe(201);
    await page.goto(`${base}/briefs/${brief.id}/evidence`);
    await page.getByLabel("Search evidence").fill("container traffic");
    const traffic = page
      .getByTestId("evidence-result")
      .filter({ hasText: "Container traffic through the three treaty ports" });
    await poll(() => traffic.getByTestId("source-note").allTextContents()).toEqual([
      "Footnote 7https://example.org/energy/offshore-wind (opens in a new tab)",
      "Footnote 8https://example.org/energy/grid-link (opens in a new tab)",
      "Footnote 9https://example.org/energy/grid-link (opens in a new tab)",
      "Footnote 10https://example.org/ports/traffic (opens in a new tab)",
    ]);
    expect(await traffic.getByTestId("sources-from-page").textContent()).toBe(
      "These are the notes of the passage’s page: the report does not mark which ones it cites, so not all may apply.",
    );
    await shot(page, "9-page-sources");

    // Renamed from the Reports list: the list and the evidence name it by its new title.
    await page.getByRole("button", { name: "Edit details of Coral Strait brief" }).click();
    const edit = page.getByRole("dialog", { name: "Edit report details" });
    await edit.getByLabel("Title").fill("Coral Strait Partnership Brief");
    await edit.getByLabel("Publisher").fill("Strait Desk");
    await shot(page, "10-edit-dialog");
    await edit.getByRole("button", { name: "Save details" }).click();
    await edit.waitFor({ state: "detached" });
    await poll(() => rows.locator(".report-list-title").allTextContents()).toEqual([
      "Tidal Power Review",
      "Coral Strait Partnership Brief",
    ]);
    await poll(() => traffic.locator(".evidence-meta").textContent()).toBe(
      "Coral Strait Partnership Brief · PORTS AND LOGISTICS · Page 3",
    );
    await page.goto(`${base}/briefs/${brief.id}`);
    await page.getByTestId("report-list").waitFor();
    await shot(page, "11-dashboard");
  });
});
