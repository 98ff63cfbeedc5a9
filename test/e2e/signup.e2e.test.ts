import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, buildBrief } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { eventually } from "../helpers/eventually.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

const WAIT_MS = 15_000;

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

describe("e2e: signup confirmed by e-mail, in Chromium", () => {
  let browser: Browser | undefined;
  let smtp: TestSmtpServer;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServer({
      smtpUrl: smtp.url,
      signupMode: "domains",
      signupDomains: ["think.tank"],
      signupRateLimit: 1000,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it("the signup page names the domains, says 'check your e-mail', and the mailed link creates the account on a click", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(WAIT_MS);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/signup`);
      await expect
        .poll(
          () =>
            page.getByText("This server creates accounts for addresses at think.tank, or from an invite link.").count(),
          { timeout: WAIT_MS },
        )
        .toBe(1);
      await page.getByLabel("Name", { exact: true }).fill("Tam Tank");
      await page.getByLabel("Email", { exact: true }).fill("tam@think.tank");
      await page.getByLabel("Password", { exact: true }).fill("a long enough password");
      await shoot(page, "signup-domains-mode");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: WAIT_MS })
        .toBe("Check your e-mail");
      await shoot(page, "signup-check-email");

      await eventually(() => smtp.received.some((mail) => mail.to[0] === "tam@think.tank"));
      const mail = smtp.received.find((m) => m.to[0] === "tam@think.tank")!;
      const link = mail.text
        .split("\n")
        .find((line) => line.includes("/confirm#"))!
        .trim();
      await page.goto(link);
      await shoot(page, "confirm-page");
      // Nothing is created by opening the link (a mail scanner may): only by the button.
      expect(await server.store.findUserByEmail("tam@think.tank")).toBeNull();
      await page.getByRole("button", { name: "Create my account" }).click();
      await page.waitForURL(`${server.url}/`);
      const lead = new ApiClient(server.url);
      expect(
        (await lead.post("/api/auth/login", { email: "tam@think.tank", password: "a long enough password" })).status,
      ).toBe(200);
      await buildBrief(lead, "Proof the account works");

      // The same link a second time: refused, said plainly.
      await page.goto(link);
      await page.getByRole("button", { name: "Create my account" }).click();
      await expect
        .poll(() => page.getByText("This confirmation link is no longer valid", { exact: false }).count(), {
          timeout: WAIT_MS,
        })
        .toBe(1);
    } finally {
      await context.close();
    }
  });
});
