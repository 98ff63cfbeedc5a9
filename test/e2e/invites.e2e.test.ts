import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, buildBrief, buildUser } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

const WAIT_MS = 15_000;

/** Set SCREENSHOT_DIR to keep what the browser showed (for a person to look at). */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

describe("e2e: invites in Chromium", () => {
  let browser: Browser | undefined;
  const servers: TestServer[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    for (const server of servers.splice(0)) await server.close();
  });

  /** A browser page logged in with `client`'s session cookie. */
  async function pageFor(server: TestServer, client: ApiClient | null): Promise<Page> {
    if (!browser) throw new Error("the browser did not start");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    if (client?.cookie) {
      const [name, value] = client.cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    return context.newPage();
  }

  it("a lead sees pending invites in the Members panel and revokes one with the keyboard; its link then fails", async () => {
    const server = await startServer();
    servers.push(server);
    const lead = await buildUser(server.url, "Lena Lead");
    const brief = await buildBrief(lead, "Energy transition brief");
    const open = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor" });
    const bound = await lead.post(`/api/briefs/${brief.id}/invites`, {
      role: "reviewer",
      email: "ada.reviewer@example.org",
    });

    const page = await pageFor(server, lead);
    await page.goto(`${server.url}/briefs/${brief.id}/members`);
    const table = page.getByTestId("pending-invites");
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: WAIT_MS }).toBe(2);
    const rows = await table
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent?.trim())),
      );
    expect(rows).toEqual([
      ["Editor", "anyone with the link", "Lena Lead"],
      ["Reviewer", "ada.reviewer@example.org", "Lena Lead"],
    ]);
    await shoot(page, "members-pending-invites");

    // Keyboard only: focus the labelled button, Enter, then confirm in the dialog with Enter.
    const revoke = page.getByRole("button", { name: "Revoke the invite link for ada.reviewer@example.org" });
    await revoke.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Revoke this invite link?" });
    await dialog.getByRole("button", { name: "Revoke link" }).focus();
    await shoot(page, "members-revoke-dialog");
    await page.keyboard.press("Enter");
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: WAIT_MS }).toBe(1);
    expect(await table.locator("tbody tr td").nth(1).textContent()).toBe("anyone with the link");

    const anon = new ApiClient(server.url);
    expect((await anon.get(`/api/invites/${bound.body.token}`)).status).toBe(404);
    expect((await anon.get(`/api/invites/${open.body.token}`)).status).toBe(200);

    // The invite form's optional e-mail makes a bound link, listed at once.
    await page.getByLabel("Only for this e-mail (optional)").fill("grace@example.org");
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: WAIT_MS }).toBe(2);
    expect(await table.locator("tbody tr td").nth(6).textContent()).toBe("grace@example.org");
  });

  it("in invite mode the signup page explains itself without a link, and an invite link signs up into the brief", async () => {
    const server = await startServer({ signupMode: "invite" });
    servers.push(server);
    const { hashPassword } = await import("../../server/src/auth/passwords.js");
    await server.store.createUser({
      email: "lena@example.org",
      name: "Lena Lead",
      passwordHash: await hashPassword("a long enough password"),
    });
    const lead = new ApiClient(server.url);
    expect(
      (await lead.post("/api/auth/login", { email: "lena@example.org", password: "a long enough password" })).status,
    ).toBe(200);
    const brief = await buildBrief(lead, "Invite-only brief");
    const invite = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor", email: "ivy@example.org" });

    const page = await pageFor(server, null);
    await page.goto(`${server.url}/signup`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: WAIT_MS })
      .toBe("Accounts by invitation only");
    expect(await page.getByRole("button", { name: "Create account" }).count()).toBe(0);
    await shoot(page, "signup-invite-mode");

    await page.goto(invite.body.url);
    await expect
      .poll(() => page.getByTestId("invite-bound-email").textContent(), { timeout: WAIT_MS })
      .toBe("This invite is for ivy@example.org only: accept it with the account of that e-mail address.");
    await shoot(page, "invite-page-bound");
    await page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Ivy Invitee");
    await page.getByLabel("Email", { exact: true }).fill("ivy@example.org");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await shoot(page, "signup-with-invite");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${server.url}/briefs/${brief.id}`);
    const members = await lead.get(`/api/briefs/${brief.id}/members`);
    expect(members.body.members.map((m: { name: string; role: string }) => `${m.name}:${m.role}`)).toEqual([
      "Ivy Invitee:editor",
      "Lena Lead:lead",
    ]);
  });
});
