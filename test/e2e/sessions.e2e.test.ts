import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrief, buildRecommendation, buildSector, buildUser, PASSWORD, type ApiClient } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

/** How long any one thing a person waits for (a page, a redirect, a socket) may take. */
const WAIT_MS = 15_000;

/**
 * Issue 12, "sessions end everywhere", as a person sees it: one account open in two browsers
 * (two Chromium contexts, two sessions). Ending sessions from one of them sends the other to the
 * login page by itself, with a calm notice saying why, through the account menu and keyboard.
 */
describe("e2e: sessions end everywhere, from the account menu", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
  });

  function base(): string {
    if (!server) throw new Error("the server did not start");
    return server.url;
  }

  /** A fresh browser (context) logged in as `user` through the login page. */
  async function logInIn(user: ApiClient, password = PASSWORD): Promise<Page> {
    if (!browser) throw new Error("the browser did not start");
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto(`${base()}/login`);
    await page.getByLabel("Email", { exact: true }).fill(user.user!.email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Your briefs" }).waitFor();
    return page;
  }

  /** Opens the recommendation's editor and waits until its document socket is connected. */
  async function openEditor(page: Page, briefId: string, recId: string): Promise<void> {
    await page.goto(`${base()}/briefs/${briefId}/recommendations/${recId}`);
    await expect
      .poll(() => page.getByTestId("connection-status").getAttribute("data-state"), { timeout: WAIT_MS })
      .toBe("connected");
  }

  /** Opens the account menu from the keyboard and presses one of its buttons. */
  async function accountMenu(page: Page, action: string): Promise<void> {
    await page.getByRole("button", { name: /account menu/ }).focus();
    await page.keyboard.press("Enter");
    const button = page.getByRole("button", { name: action, exact: true });
    await button.waitFor();
    await button.focus();
    await page.keyboard.press("Enter");
  }

  async function world() {
    const user = await buildUser(base(), "Ada Lovelace");
    const brief = await buildBrief(user, "Green steel");
    const sector = await buildSector(user, brief.id, "Industry");
    const rec = await buildRecommendation(user, brief.id, sector.id, "Phase out coal in steelmaking");
    return { user, brief, rec };
  }

  it("'Log out everywhere' in one browser sends the other, editing a recommendation, to the login page saying why", async () => {
    const { user, brief, rec } = await world();
    const laptop = await logInIn(user);
    await openEditor(laptop, brief.id, rec.id);
    const phone = await logInIn(user);

    await accountMenu(phone, "Log out everywhere");
    await phone.getByRole("status").filter({ hasText: "You are logged out on every device and browser." }).waitFor();
    expect(new URL(phone.url()).pathname).toBe("/login");

    // The laptop did nothing: its sockets were closed by the server, and it went to log in.
    await laptop.waitForURL(/\/login\?/);
    await laptop
      .getByRole("status")
      .filter({ hasText: "You were logged out, from this window or another one." })
      .waitFor();
    expect(new URL(laptop.url()).searchParams.get("next")).toBe(`/briefs/${brief.id}/recommendations/${rec.id}`);
    await expect.poll(() => server!.server.collab.connectionCount, { timeout: WAIT_MS }).toBe(0);
    // The old session opens nothing any more.
    expect((await user.get("/api/me")).status).toBe(401);
  });

  it("a password change in one browser keeps it and logs the other out, saying the password changed", async () => {
    const { user, brief, rec } = await world();
    const laptop = await logInIn(user);
    await openEditor(laptop, brief.id, rec.id);
    const phone = await logInIn(user);

    await accountMenu(phone, "Change password");
    const dialog = phone.getByRole("dialog", { name: "Change password" });
    await dialog.getByLabel("Current password").fill(PASSWORD);
    await dialog.getByLabel("New password").fill("qwertyuiop");
    await dialog.getByRole("button", { name: "Change password" }).click();
    // The server's reason appears under the field, tied to it for screen readers.
    const weak = "The new password is one of the most common passwords. Try a longer phrase of a few unrelated words.";
    await dialog.getByText(weak).waitFor();
    expect(await dialog.getByLabel("New password").getAttribute("aria-invalid")).toBe("true");

    await dialog.getByLabel("New password").fill("plum orbit canyon whistle");
    await dialog.getByRole("button", { name: "Change password" }).click();
    await dialog
      .getByRole("status")
      .filter({ hasText: "Your password was changed, and your other sessions were logged out." })
      .waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();

    await laptop.waitForURL(/\/login\?/);
    await laptop
      .getByRole("status")
      .filter({
        hasText:
          "Your password was changed in another session, so you were logged out here. Log in with the new password.",
      })
      .waitFor();
    // The phone, which changed it, is still logged in.
    await phone.goto(`${base()}/`);
    await phone.getByRole("heading", { name: "Your briefs" }).waitFor();
  });
});
