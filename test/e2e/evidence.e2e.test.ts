import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrief, buildUser } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

/** How long any one thing a person waits for (an import, a search, the server's citation count) may take. */
const WAIT_MS = 15_000;
/** A small report of our own: three sections (two in capitals, so sector-like), two pages, three footnotes. */
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/harbour-logistics.md");

describe("e2e: a lead imports a report and cites its evidence in Chromium", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function launchBrowser(): Promise<Browser> {
    browser = await launchChromium();
    return browser;
  }

  function editor(page: Page) {
    return page.getByTestId("editor").locator(".ProseMirror");
  }

  function citationNumbers(page: Page): Promise<string[]> {
    return editor(page).locator("sup.citation").allTextContents();
  }

  it("imports, accepts sectors, cites by button and by [[, and follows a citation to its passage", {
    timeout: 120_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    await launchBrowser();
    if (!browser) throw new Error("the browser did not start");
    const base = server.url;

    // A lead with a brief, signed in through the API; the browser gets the session cookie.
    const lead = await buildUser(base, "Lena Lead");
    const brief = await buildBrief(lead, "Harbour logistics");
    const [name, value] = (lead.cookie ?? "").split("=");
    if (!name || !value) throw new Error("the lead has no session cookie");
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();

    // Import through the upload dialog: progress, then the summary with the exact counts.
    await page.goto(`${base}/briefs/${brief.id}`);
    await page.getByRole("button", { name: "Import report" }).click();
    await page.getByLabel("Choose a file").setInputFiles(FIXTURE);
    const summary = page.getByTestId("import-summary");
    await summary.waitFor();
    expect(await summary.getByRole("status").textContent()).toBe("Imported “Harbour Logistics Outlook”.");
    expect(
      await Promise.all(
        ["sections", "pages", "passages", "footnotes"].map((count) =>
          page.getByTestId(`import-count-${count}`).textContent(),
        ),
      ),
    ).toEqual(["3", "2", "4", "3"]);

    // The two headings in capitals are offered as sectors; accept both.
    const suggestions = page.getByTestId("suggested-sector").locator('input[type="text"]');
    await expect
      .poll(() => suggestions.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)))
      .toEqual(["Shipping", "Cold Storage"]);
    await page.getByRole("button", { name: "Create 2 sectors" }).click();
    const sectorsForm = page.getByRole("form", { name: "Sectors suggested by the report" });
    await expect.poll(() => sectorsForm.getByRole("status").textContent()).toBe("2 sectors created.");
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("sector-Shipping").waitFor();
    await page.getByTestId("sector-Cold Storage").waitFor();

    // A recommendation in Shipping: it cites nothing yet.
    const shipping = page.getByTestId("sector-Shipping");
    await shipping.getByRole("button", { name: "+ Add recommendation to Shipping" }).click();
    await shipping.getByLabel("New recommendation in Shipping").fill("Fund the dredging of the second canal");
    await shipping.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/recommendations\/[^/]+$/);
    const recommendationLink = shipping
      .getByTestId("recommendation-link")
      .filter({ hasText: "Fund the dredging of the second canal" });
    await expect.poll(() => recommendationLink.locator(".no-citations").count()).toBe(1);
    await expect
      .poll(() => page.getByTestId("connection-status").textContent(), { timeout: WAIT_MS })
      .toBe("Connected");

    await editor(page).click();
    await page.keyboard.type("Dredging pays for itself.");

    // Search the panel, with the match marked, and cite the passage at the cursor.
    const panel = page.getByRole("complementary", { name: "Evidence and comments" });
    await panel.getByLabel("Search evidence").fill("dredging");
    const dredging = panel.getByTestId("evidence-result").filter({ hasText: "canal dredging programme" });
    await expect.poll(() => dredging.locator("mark").allTextContents()).toEqual(["dredging"]);
    await dredging.getByRole("button", { name: "Cite" }).click();
    await expect.poll(() => citationNumbers(page)).toEqual(["1"]);

    // A second citation through the [[ picker, chosen with the keyboard.
    await page.keyboard.type(" Cold storage lags.");
    await page.keyboard.type("[[");
    const picker = page.getByTestId("evidence-picker");
    await picker.getByRole("combobox", { name: "Cite evidence" }).waitFor();
    await page.keyboard.type("refrigerated");
    await expect
      .poll(() => picker.getByRole("option").allTextContents())
      .toEqual([expect.stringContaining("Refrigerated warehouse capacity")]);
    await page.keyboard.press("Enter");
    await expect.poll(() => citationNumbers(page)).toEqual(["1", "2"]);
    expect(await picker.count()).toBe(0);

    // The first passage cited again is a citation of its own, with its own number (one note each in the export).
    await page.keyboard.type(" As said.");
    await dredging.getByRole("button", { name: "Cite" }).click();
    await expect.poll(() => citationNumbers(page)).toEqual(["1", "2", "3"]);
    await expect
      .poll(() =>
        editor(page)
          .locator("sup.citation")
          .evaluateAll((sups) => sups.map((sup) => sup.getAttribute("aria-label"))),
      )
      .toEqual(["Citation 1: SHIPPING, page 1", "Citation 2: COLD STORAGE, page 2", "Citation 3: SHIPPING, page 1"]);

    // The server derives the citations from the document: the marker goes away.
    await expect.poll(() => recommendationLink.locator(".no-citations").count(), { timeout: WAIT_MS }).toBe(0);

    // Hovering a citation shows its passage.
    await editor(page).locator("sup.citation").nth(1).hover();
    await expect
      .poll(() => page.getByTestId("citation-popover-text").textContent())
      .toBe("Refrigerated warehouse capacity near the docks meets only 40 percent of demand.");

    // Clicking one opens the report at that passage, marked as cited by this recommendation.
    await editor(page).locator("sup.citation").first().click();
    await page.waitForURL(/\/reports\/[^/?]+\?passage=/);
    const target = page.locator('[data-testid="report-passage"][data-targeted="true"]');
    await target.waitFor();
    expect(await target.locator(".passage-text").textContent()).toContain("Coastal shipping volumes rose 14 percent");
    await expect.poll(() => target.getAttribute("data-cited")).toBe("true");
    expect(await target.getByTestId("passage-cited-by").getByRole("link").allTextContents()).toEqual([
      "Fund the dredging of the second canal",
    ]);
  });
});
