import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

/** How long any one page may take to show what a person came for. */
const WAIT_MS = 15_000;
/** Screenshots of every main page at both sizes, to look at (not compared). */
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/layout");
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const PHONE = { name: "phone", width: 390, height: 844 };
const LAPTOP = { name: "laptop", width: 1366, height: 768 };

const REPORT = `# Harbour logistics review

## Berths

Two deep-water berths handle most container traffic; dredging the third would double capacity.

## Rail

A single-track rail spur links the port to the inland depot and limits throughput at night.
`;

interface Fixture {
  lead: ApiClient;
  /** The first sector's recommendations: the phone opens the first, the laptop the second. */
  recommendationTitles: string[];
}

interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** Elements whose box runs past the viewport's right edge (or starts left of 0), up to five. */
  wide: string[];
}

/** Whether the page scrolls sideways, and which visible elements stick out of the viewport. */
function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const wide: string[] = [];
    const width = window.innerWidth;
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const box = element.getBoundingClientRect();
      // Nothing to see, or a 1 px visually-hidden box (screen-reader text, clipped).
      if (box.width <= 1 || box.height <= 1) continue;
      // Inside a box that scrolls sideways on purpose (a wide table, a code block) is not the page's overflow.
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflowX = getComputedStyle(parent).overflowX;
        if (overflowX !== "visible") {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        const name = `${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? `.${element.className.trim().split(/\s+/).join(".")}` : ""}`;
        wide.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
        if (wide.length >= 5) break;
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide };
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core run in the page: the serious and critical violations, with the elements they name. */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on and untouched.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<any> } }).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return (results.violations as any[])
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: (violation.nodes as any[]).slice(0, 5).map((node) => String(node.target)),
      }));
  });
}

describe("e2e: every main page fits a phone and a laptop, and axe finds nothing serious", () => {
  let server: TestServer;
  let browser: Browser;
  let fixture: Fixture;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
    const lead = await buildUser(server.url, "Lena Lead");
    const brief = await buildBrief(lead, "Port capacity and the inland rail link for the next decade");
    const sectors = [
      await buildSector(lead, brief.id, "Transport and logistics"),
      await buildSector(lead, brief.id, "Energy"),
    ];
    const recommendations = [];
    for (const sector of sectors) {
      for (const title of [
        "Dredge the third deep-water berth",
        "Double the rail spur to the inland depot",
        "Open the depot at night",
      ]) {
        recommendations.push(await buildRecommendation(lead, brief.id, sector.id, `${title} (${sector.name})`));
      }
    }
    const report = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Harbour logistics review",
      format: "markdown",
      content: REPORT,
    });
    if (report.status !== 201) throw new Error(`report import: ${report.status} ${JSON.stringify(report.body)}`);
    fixture = { lead, recommendationTitles: recommendations.map((recommendation) => recommendation.title) };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of [PHONE, LAPTOP]) {
    it(`at ${viewport.width} × ${viewport.height} (${viewport.name})`, async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(WAIT_MS);
      const problems: string[] = [];
      /**
       * Checks the page as it is now: no sideways scroll, nothing past the edge and (in the phone's
       * run, where every page is also visited: once is enough) no serious or critical axe violation.
       */
      async function check(page: Page, name: string): Promise<void> {
        await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-${name}.png`) });
        const overflow = await measureOverflow(page);
        if (overflow.scrollWidth > overflow.innerWidth)
          problems.push(`${name}: scrollWidth ${overflow.scrollWidth} > ${overflow.innerWidth}`);
        if (overflow.wide.length) problems.push(`${name}: wider than the viewport: ${overflow.wide.join("; ")}`);
        if (viewport !== PHONE) return;
        for (const violation of await seriousViolations(page)) {
          problems.push(
            `${name}: axe ${violation.impact} ${violation.id} (${violation.help}) at ${violation.targets.join(" | ")}`,
          );
        }
      }
      try {
        const page = await context.newPage();
        const base = server.url;
        // Pages are reached the way a person does, by links: two page loads in all.
        await page.goto(`${base}/login`);
        await page.getByRole("button", { name: "Log in" }).waitFor();
        await check(page, "login");
        await page.getByRole("link", { name: "Create an account" }).click();
        await page.getByRole("button", { name: "Create account" }).waitFor();
        await check(page, "signup");

        const [name, value] = (fixture.lead.cookie ?? "").split("=");
        await context.addCookies([{ name: name!, value: value!, url: base }]);
        await page.goto(`${base}/`);
        await page
          .getByRole("link", { name: /Port capacity/ })
          .first()
          .waitFor();
        await check(page, "briefs");
        await page
          .getByRole("link", { name: /Port capacity/ })
          .first()
          .click();
        await page.getByRole("heading", { level: 1, name: /Port capacity/ }).waitFor();
        await page.getByRole("heading", { name: "Progress by sector" }).waitFor();
        await check(page, "overview");

        // The sector list: beside the page on a laptop; one tap away behind "Sectors" on a phone.
        const title = fixture.recommendationTitles[viewport === PHONE ? 0 : 1]!;
        const sectorList = page.getByRole("navigation", { name: "Sectors and recommendations" });
        const drawer = page.getByRole("button", { name: /^Sectors and recommendations/ });
        if (viewport === PHONE) {
          expect(await sectorList.isVisible()).toBe(false);
          expect(await drawer.getAttribute("aria-expanded")).toBe("false");
          await drawer.click();
          expect(await drawer.getAttribute("aria-expanded")).toBe("true");
          await check(page, "sectors-open");
        } else {
          expect(await drawer.isVisible()).toBe(false);
        }
        await sectorList.getByRole("link", { name: title }).click();
        await expect
          .poll(() => page.getByTestId("connection-status").textContent(), { timeout: WAIT_MS })
          .toBe("Connected");
        const editor = page.locator('[data-testid="editor"] [contenteditable="true"]');
        await editor.waitFor();
        // The list folded again after the choice, and the editor's text starts on the first screen.
        expect(await sectorList.isVisible()).toBe(viewport !== PHONE);
        const editorTop = await editor.evaluate((element) => element.getBoundingClientRect().top);
        if (editorTop > viewport.height - 100)
          problems.push(`recommendation: the editor starts at ${Math.round(editorTop)} px, below the first screen`);
        // Members and Export: in sight, one tap from here.
        const briefNav = page.getByRole("navigation", { name: "Brief" });
        for (const link of ["Members", "Export"]) {
          const box = await briefNav.getByRole("link", { name: link }).boundingBox();
          if (!box || box.x < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height)
            problems.push(`recommendation: ${link} is not in sight`);
        }
        await editor.click();
        await page.keyboard.type("Dredging the third berth doubles capacity.");
        await page.keyboard.press("Enter");
        await page.keyboard.type("Night opening of the depot needs no new track.");
        await page.evaluate(() => window.scrollTo(0, 0));
        // The side panel's tabs (Evidence, Citations, Comments, Activity) are there to be seen, not squeezed to nothing.
        const tabsHeight = await page
          .getByRole("tablist", { name: /Evidence, citations/ })
          .evaluate((element) => element.getBoundingClientRect().height);
        if (tabsHeight < 30) problems.push(`recommendation: the side panel's tabs are ${tabsHeight} px tall`);
        await check(page, "recommendation");
        // The whole page too: on a phone the side panel follows the text.
        await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-recommendation-full.png`), fullPage: true });

        await briefNav.getByRole("link", { name: "Members" }).click();
        await page.getByRole("heading", { level: 1, name: "Members" }).waitFor();
        await check(page, "members");

        await briefNav.getByRole("link", { name: "Export" }).click();
        await page.getByRole("heading", { level: 1, name: /Export/ }).waitFor();
        await check(page, "export");

        await briefNav.getByRole("link", { name: "Evidence" }).click();
        await page.getByRole("heading", { level: 1, name: "Evidence" }).waitFor();
        await page.getByText("Two deep-water berths handle most container traffic", { exact: false }).first().waitFor();
        await check(page, "evidence");

        await page.getByRole("link", { name: "Harbour logistics review" }).first().click();
        await page.getByRole("heading", { level: 1, name: "Harbour logistics review" }).waitFor();
        await check(page, "report");

        await briefNav.getByRole("link", { name: "Bibliography" }).click();
        await page.getByRole("heading", { level: 1, name: "Bibliography sources" }).waitFor();
        await check(page, "bibliography");

        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
