import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

/** How long any one thing a person waits for (a page, a peer's change) may take. */
const WAIT_MS = 15_000;
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/approvedLock");
const LOCKED = "Approved — a lead must reopen it to rename or move it.";

describe("e2e: issue 15, defect 4 — an approved recommendation cannot be renamed or moved until a lead reopens it", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(client: ApiClient, url: string): Promise<Page> {
    if (!browser || !server) throw new Error("the browser did not start");
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(WAIT_MS);
    const [name, value] = (client.cookie ?? "").split("=");
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  async function transition(lead: ApiClient, briefId: string, recId: string, steps: string[]) {
    for (const to of steps) {
      expect((await lead.post(`/api/briefs/${briefId}/recommendations/${recId}/transitions`, { to })).status).toBe(200);
    }
  }

  it("shows the editor why rename and move are unavailable, and lets them rename once the lead reopens it, logged in the activity", async () => {
    const lead = await buildUser(server!.url, "Lena Lead");
    const editor = await buildUser(server!.url, "Ed Editor");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    const energy = await buildSector(lead, brief.id, "Energy");
    await buildSector(lead, brief.id, "Transport");
    const grid = await buildRecommendation(editor, brief.id, energy.id, "Grid links");
    await transition(lead, brief.id, grid.id, ["in_review", "approved"]);

    const page = await open(editor, `${server!.url}/briefs/${brief.id}/recommendations/${grid.id}`);
    const heading = page.getByRole("heading", { level: 1 });
    await expect.poll(() => heading.textContent()).toBe("Grid links");
    const note = page.getByTestId("approval-lock");
    const sector = page.getByLabel("Sector", { exact: true });
    const rename = page.getByRole("button", { name: "Rename recommendation" });
    // Locked: no Rename, the sector choice disabled, and the reason said in words, also as the
    // disabled choice's description for a screen reader.
    expect(await note.textContent()).toBe(LOCKED);
    expect(await sector.isDisabled()).toBe(true);
    expect(await sector.getAttribute("aria-describedby")).toBe(await note.getAttribute("id"));
    expect(await rename.count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "approved-locked.png") });

    // The lead reopens it: the editor's page follows without a reload.
    await transition(lead, brief.id, grid.id, ["draft"]);
    await rename.waitFor();
    expect(await note.count()).toBe(0);
    expect(await sector.isDisabled()).toBe(false);

    // Renamed from the keyboard: Rename, type, Enter.
    await rename.focus();
    await page.keyboard.press("Enter");
    const title = page.getByLabel("Recommendation title");
    await title.fill("Cross-border grid links");
    await page.keyboard.press("Enter");
    await expect.poll(() => heading.textContent()).toBe("Cross-border grid links");

    await page.getByRole("tab", { name: "Activity" }).click();
    const latest = page.getByRole("tabpanel", { name: "Activity" }).getByTestId("activity-item").first();
    await expect
      .poll(() => latest.locator(".activity-sentence").textContent())
      .toBe("Ed Editor renamed “Grid links” to “Cross-border grid links”");
    await page.screenshot({ path: path.join(SHOTS, "renamed-activity.png") });
    expect((await lead.get(`/api/briefs/${brief.id}/recommendations/${grid.id}`)).body.recommendation.title).toBe(
      "Cross-border grid links",
    );
  });
});
