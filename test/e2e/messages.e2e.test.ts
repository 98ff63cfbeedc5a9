import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, buildBrief, buildSector, buildUser } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

/**
 * Issue 15, the small things that lose trust: plain words at a field, dialogs that start at
 * their first field, toasts that keep clear of the control they are about, upload sizes from
 * the real upload, and invite links that survive any "Sign up". Real server, real Chromium.
 */
const WAIT_MS = 10_000;
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/messages");
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error("the element is not visible");
  return found;
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

describe("e2e: messages for people", () => {
  let browser: Browser;
  let server: TestServer;
  let lead: ApiClient;
  let briefId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    lead = await buildUser(server.url, "Lena Lead");
    briefId = (await buildBrief(lead, "Harbour logistics")).id;
    // Enough sectors that, on a phone, "Add sector" sits at the bottom of the screen.
    for (const name of ["Berths", "Rail", "Roads", "Customs", "Energy", "Labour"])
      await buildSector(lead, briefId, name);
  });
  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function pageFor(client: ApiClient | null, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    if (client?.cookie) {
      const [name, value] = client.cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    return context.newPage();
  }

  it("login names each missing field in plain words, tied to the field", async () => {
    const page = await pageFor(null, PHONE);
    await page.goto(`${server.url}/login`);
    await page.getByRole("button", { name: "Log in" }).click();
    const email = page.getByLabel("Email", { exact: true });
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe("Enter your e-mail address.");
    expect(await isFocused(email)).toBe(true);
    const password = page.getByLabel("Password", { exact: true });
    expect(await page.locator(`[id="${await password.getAttribute("aria-describedby")}"]`).textContent()).toBe(
      "Enter your password.",
    );
    await page.screenshot({ path: path.join(SHOTS, "login-plain-errors-phone.png") });
  });

  it("a dialog opens at its first field, Escape closes it and focus returns; the upload shows real sizes", async () => {
    const page = await pageFor(lead, LAPTOP);
    await page.goto(`${server.url}/briefs/${briefId}`);
    const editBrief = page.getByRole("button", { name: "Edit brief" });
    await editBrief.click();
    const settings = page.getByRole("dialog", { name: "Edit brief" });
    await expect.poll(() => isFocused(settings.getByLabel("Title", { exact: true }))).toBe(true);
    await page.keyboard.press("Escape");
    await settings.waitFor({ state: "detached" });
    expect(await isFocused(editBrief)).toBe(true);

    // The import dialog starts at its file field; a throttled upload shows its real sizes.
    const importButton = page.getByRole("button", { name: "Import report" });
    await importButton.click();
    const dialog = page.getByRole("dialog", { name: "Import a report" });
    const fileInput = dialog.locator("input[type=file]");
    await expect.poll(() => isFocused(fileInput)).toBe(true);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    });
    const size = 1.5 * 1024 * 1024;
    await fileInput.setInputFiles({
      name: "harbour.md",
      mimeType: "text/markdown",
      buffer: Buffer.alloc(size, "Berths and rail. "),
    });
    const sizes = dialog.getByTestId("upload-sizes");
    // Part of the file sent, counted against the file's own size.
    await expect
      .poll(async () => /^(\d+ KB|\d\.\d MB) of 1\.5 MB · ([1-9]|[1-9]\d)%$/.test((await sizes.textContent()) ?? ""), {
        timeout: WAIT_MS,
      })
      .toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "upload-sizes-laptop.png") });
    await dialog.getByRole("button", { name: "Cancel upload" }).click();
    await dialog.getByTestId("report-drop-zone").waitFor();
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await isFocused(importButton)).toBe(true);
  });

  for (const [name, viewport] of [
    ["laptop", LAPTOP],
    ["phone", PHONE],
  ] as const) {
    it(`${name} ${viewport.width}×${viewport.height}: the toast keeps clear of the button it is about`, async () => {
      const page = await pageFor(lead, viewport);
      await page.goto(`${server.url}/briefs/${briefId}`);
      const drawer = page.getByRole("button", { name: /^Sectors/, expanded: false });
      if (viewport === PHONE) await drawer.click();
      const input = page.getByLabel("New sector", { exact: true });
      const add = page.getByRole("button", { name: "Add sector", exact: true });
      // At the bottom edge of the screen, where a toast would sit.
      await add.evaluate((element) => element.scrollIntoView({ block: "end" }));
      await input.fill(`Tourism ${name}`);
      await add.click();
      const toast = page.getByTestId("toast");
      await expect.poll(() => toast.textContent()).toBe(`Sector Tourism ${name} added.`);
      // The new sector pushed the form down: bring it back to the bottom edge, under where the
      // toast first sat, as a person adding the next sector would.
      await add.evaluate((element) => element.scrollIntoView({ block: "end" }));
      const clear = async () => {
        const toastBox = await box(toast);
        return !overlaps(toastBox, await box(add)) && !overlaps(toastBox, await box(input));
      };
      await expect.poll(clear, { timeout: WAIT_MS }).toBe(true);
      const addBox = await box(add);
      expect(addBox.y + addBox.height).toBeGreaterThan(viewport.height - 80);
      expect(
        await page
          .getByRole("status")
          .filter({ hasText: `Sector Tourism ${name} added.` })
          .count(),
      ).toBe(1);
      await page.screenshot({ path: path.join(SHOTS, `toast-${name}.png`) });
    });
  }

  it("an invite survives the header's Sign up and the login page's Create an account: the new account lands in the brief", async () => {
    for (const [who, route] of [
      ["Ivy Header", "header"],
      ["Otto Login", "login page"],
    ] as const) {
      const invite = await lead.post(`/api/briefs/${briefId}/invites`, { role: "editor" });
      const page = await pageFor(null, LAPTOP);
      await page.goto(invite.body.url);
      await page.getByRole("heading", { name: "Join “Harbour logistics”" }).waitFor();
      if (route === "header") {
        await page.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
      } else {
        await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
        await page.getByRole("link", { name: "Create an account" }).click();
      }
      await page.getByText("You are signing up with an invite to “Harbour logistics”").waitFor();
      await page.getByLabel("Name", { exact: true }).fill(who);
      await page.getByLabel("Email", { exact: true }).fill(`${who.split(" ")[0]!.toLowerCase()}@example.org`);
      await page.getByLabel("Password", { exact: true }).fill("a long enough password");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.waitForURL(`${server.url}/briefs/${briefId}`);
    }
    const members = await lead.get(`/api/briefs/${briefId}/members`);
    expect(members.body.members.map((m: { name: string; role: string }) => `${m.name}:${m.role}`).sort()).toEqual([
      "Ivy Header:editor",
      "Lena Lead:lead",
      "Otto Login:editor",
    ]);
  });
});
