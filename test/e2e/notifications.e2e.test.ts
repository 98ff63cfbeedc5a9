import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, PASSWORD } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";
import { anchorOn, paragraphText, writeBody } from "../integration/reviewSupport.js";

const WAIT_MS = 10_000;
/** Set to a folder to keep a screenshot of the open inbox (for looking at, not for asserting). */
const SCREENSHOTS = process.env.ACCORD_E2E_SCREENSHOTS;

/**
 * Issue 15, defect 3: a mention reached its person only as a toast and a list that vanished on
 * reload, so someone who was away never learnt of it. Now Bea is named while logged out, logs
 * in later, finds it in the header's inbox, keeps it across a reload, and opening it reads it.
 */
describe("e2e: notifications that last", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a mention made while Bea is away waits in her inbox, survives a reload, and is read once opened", async () => {
    const s = server!;
    const lead = await buildUser(s.url, "Lena Lead");
    const bea = await buildUser(s.url, "Bea Writer");
    const brief = await buildBrief(lead, "Green steel");
    await addMember(lead, bea, brief.id, "editor");
    const sector = await buildSector(lead, brief.id, "Industry");
    const rec = await buildRecommendation(lead, brief.id, sector.id, "Phase out coal in steelmaking");
    expect((await bea.post("/api/auth/logout")).status).toBe(204);
    const writer = await writeBody(s, lead, rec.id, "Coal still fires most blast furnaces.");
    const thread = await lead.post(`/api/briefs/${brief.id}/recommendations/${rec.id}/threads`, {
      anchor: anchorOn(paragraphText(writer), 0, 4),
      quote: "Coal",
      body: "@Bea Writer can you check this figure?",
    });
    expect(thread.status).toBe(201);

    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(WAIT_MS);
    try {
      const page = await context.newPage();
      await page.goto(`${s.url}/login`);
      await page.getByLabel("Email", { exact: true }).fill(bea.user!.email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      const inboxButton = page.getByRole("button", { name: "Notifications 1 unread" });
      await inboxButton.waitFor();

      await page.reload();
      await inboxButton.waitFor();
      await inboxButton.focus();
      await page.keyboard.press("Enter");
      const entry = page.getByRole("link", {
        name: /Unread: Lena Lead mentioned you on “Phase out coal in steelmaking”/,
      });
      await entry.waitFor();
      expect(await entry.textContent()).toContain("@Bea Writer can you check this figure?");
      if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, "notifications-inbox.png") });

      await entry.click();
      await page.waitForURL(`${s.url}/briefs/${brief.id}/recommendations/${rec.id}?thread=${thread.body.thread.id}`);
      await page.getByRole("button", { name: "Notifications", exact: true }).waitFor();
      const again = await page.evaluate(async () => (await fetch("/api/notifications")).json());
      expect(again.unreadCount).toBe(0);
      expect(again.notifications.map((n: { read: boolean }) => n.read)).toEqual([true]);
    } finally {
      await context.close();
    }
  });
});
