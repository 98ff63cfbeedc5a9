import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_DIST, startServer, type TestServer } from "../helpers/startServer.js";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** How long any one thing a person waits for (a page, a peer's text, a caret) may take. */
const WAIT_MS = 15_000;

interface Person {
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

describe("e2e: two people co-draft one recommendation in Chromium", () => {
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

  /**
   * Never skipped: on a machine without a browser or a built client the test fails
   * (not "skipped") and says how to fix it.
   */
  async function launchBrowser(): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium was not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
          "or point CHROMIUM_PATH at a Chromium binary.",
      );
    }
    if (!fs.existsSync(path.join(CLIENT_DIST, "index.html"))) {
      throw new Error(`The built client is missing (${CLIENT_DIST}). Run \`npm run build\` first (\`npm test\` does).`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    return browser;
  }

  async function person(name: string): Promise<Person> {
    if (!browser) throw new Error("the browser did not start");
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    const email = `${name.split(" ")[0]?.toLowerCase()}.${Date.now()}@example.org`;
    return { name, email, context, page };
  }

  /** Fills the sign-up form that is on screen, the way a person would. */
  async function signUp({ page, name, email }: Person): Promise<void> {
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
  }

  function editor(page: Page) {
    return page.getByTestId("editor").locator(".ProseMirror");
  }

  /** Whether the browser's caret sits at the very end of the editor's last block. */
  function caretAtEnd(page: Page): Promise<boolean> {
    return editor(page).evaluate((element) => {
      const selection = element.ownerDocument.getSelection();
      if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return false;
      const range = selection.getRangeAt(0);
      const last = element.lastElementChild;
      if (!last || !last.contains(range.startContainer)) return false;
      const after = element.ownerDocument.createRange();
      after.setStart(range.startContainer, range.startOffset);
      after.setEndAfter(last);
      // Other people's carets are decorations inside the text, not text.
      const rest = after.cloneContents();
      for (const caret of rest.querySelectorAll(".collaboration-carets__caret")) caret.remove();
      return (rest.textContent ?? "").length === 0;
    });
  }

  /**
   * Ctrl+End, then wait until the caret is really there. ProseMirror applies a focus's or a
   * click's selection a moment later, which can undo a key pressed in between: press again then.
   */
  async function moveCaretToEnd(page: Page): Promise<void> {
    await editor(page).focus();
    await expect
      .poll(async () => {
        if (await caretAtEnd(page)) return true;
        await page.keyboard.press("Control+End");
        return caretAtEnd(page);
      }, { timeout: WAIT_MS })
      .toBe(true);
  }

  /** The document's blocks as text, without the other people's caret labels (which sit inside the editor's DOM). */
  function documentText(page: Page): Promise<string> {
    return editor(page).evaluate((element) => {
      const copy = element.cloneNode(true) as typeof element;
      for (const caret of copy.querySelectorAll(".collaboration-carets__caret")) caret.remove();
      return Array.from(copy.children, (block) => block.textContent ?? "").join("\n");
    });
  }

  async function waitConnected(page: Page): Promise<void> {
    await expect
      .poll(() => page.getByTestId("connection-status").textContent(), { timeout: WAIT_MS })
      .toBe("Connected");
  }

  it("each sees the other's text and the other's named caret", { timeout: 120_000 }, async () => {
    if (!server) throw new Error("the server did not start");
    await launchBrowser();
    const base = server.url;
    const ada = await person("Ada Lovelace");
    const grace = await person("Grace Hopper");

    // Ada signs up, creates a brief, a sector and a recommendation.
    await ada.page.goto(`${base}/signup`);
    await signUp(ada);
    await ada.page.getByRole("heading", { name: "Your briefs" }).waitFor();
    await ada.page.getByLabel("Title", { exact: true }).fill("Industrial decarbonisation 2030");
    await ada.page.getByRole("button", { name: "Create brief" }).click();
    await ada.page.waitForURL(/\/briefs\/[^/]+$/);
    await ada.page.getByLabel("New sector").fill("Energy");
    await ada.page.getByRole("button", { name: "Add sector" }).click();
    const energy = ada.page.getByTestId("sector-Energy");
    await energy.getByRole("button", { name: "+ Add recommendation to Energy" }).click();
    await energy.getByLabel("New recommendation in Energy").fill("Phase out coal in steelmaking");
    await energy.getByRole("button", { name: "Create", exact: true }).click();
    await ada.page.waitForURL(/\/recommendations\/[^/]+$/);
    const recommendationUrl = ada.page.url();
    await expect
      .poll(() => energy.getByTestId("recommendation-link").allTextContents())
      .toEqual([expect.stringContaining("Phase out coal in steelmaking")]);

    // Ada creates an invite link for an editor.
    await ada.page.getByRole("link", { name: "Members" }).click();
    await ada.page.getByLabel("Role", { exact: true }).selectOption("editor");
    await ada.page.getByRole("button", { name: "Create invite link" }).click();
    await expect.poll(() => ada.page.getByTestId("invite-url").inputValue()).toMatch(/\/invite\/[^/]+$/);
    const inviteUrl = await ada.page.getByTestId("invite-url").inputValue();
    expect(inviteUrl.startsWith(`${base}/invite/`)).toBe(true);

    // Grace opens the link logged out, signs up from there, comes back and joins.
    await grace.page.goto(inviteUrl);
    await grace.page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
    await signUp(grace);
    await grace.page.waitForURL(/\/invite\/[^/]+$/);
    await grace.page.getByRole("button", { name: "Accept and open the brief" }).click();
    await grace.page.waitForURL(/\/briefs\/[^/]+$/);
    await expect.poll(() => grace.page.locator(".workspace-bar [data-role]").getAttribute("data-role")).toBe("editor");

    // Both open the recommendation: Ada by its shareable address, Grace from the sidebar.
    await ada.page.goto(recommendationUrl);
    await grace.page.getByTestId("recommendation-link").filter({ hasText: "Phase out coal in steelmaking" }).click();
    await grace.page.waitForURL(recommendationUrl);
    await waitConnected(ada.page);
    await waitConnected(grace.page);

    // Both type; each sees the other's text.
    await editor(ada.page).click();
    await ada.page.keyboard.type("Steel plants switch to hydrogen direct reduction.");
    // Grace starts only once all of Ada's sentence has arrived: a remote insert landing at her
    // caret while she presses Enter would legitimately split the sentence.
    await expect.poll(() => documentText(grace.page), { timeout: WAIT_MS }).toBe("Steel plants switch to hydrogen direct reduction.");

    await moveCaretToEnd(grace.page);
    await grace.page.keyboard.press("Enter");
    await grace.page.keyboard.type("Fund the first three plants.");
    await expect.poll(() => documentText(ada.page), { timeout: WAIT_MS }).toContain("Fund the first three plants.");

    // Ada types again, so that her caret is fresh in Grace's view too.
    await ada.page.keyboard.type(" By 2030.");
    await expect.poll(() => documentText(grace.page), { timeout: WAIT_MS }).toContain("By 2030.");

    // Each sees the other's caret, labelled with the other's name, and the other's avatar.
    await expect
      .poll(() => ada.page.getByTestId("editor").locator(".collaboration-carets__label").allTextContents(), { timeout: WAIT_MS })
      .toEqual(["Grace Hopper"]);
    await expect
      .poll(() => grace.page.getByTestId("editor").locator(".collaboration-carets__label").allTextContents(), { timeout: WAIT_MS })
      .toEqual(["Ada Lovelace"]);
    await expect.poll(() => ada.page.getByTestId("presence").textContent()).toContain("Grace Hopper");
    await expect.poll(() => grace.page.getByTestId("presence").textContent()).toContain("Ada Lovelace");

    // Both end with the same document, in the order it was written.
    const expected = "Steel plants switch to hydrogen direct reduction. By 2030.\nFund the first three plants.";
    await expect.poll(() => documentText(ada.page)).toBe(expected);
    await expect.poll(() => documentText(grace.page)).toBe(expected);
  });
});
