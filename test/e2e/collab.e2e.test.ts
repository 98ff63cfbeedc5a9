import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";

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

  async function launchBrowser(): Promise<Browser> {
    browser = await launchChromium();
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

  /**
   * Whether the editor's own selection (ProseMirror's state, which Tiptap hangs on the view's
   * element) is a caret at the very end of the document. The DOM caret alone is not enough:
   * until ProseMirror has read it, any view update (a peer's caret moving) puts it back.
   */
  function caretAtEnd(page: Page): Promise<boolean> {
    return editor(page).evaluate((element) => {
      const state = (
        element as unknown as {
          editor?: { state: { selection: { empty: boolean; from: number }; doc: { content: { size: number } } } };
        }
      ).editor?.state;
      if (!state) return false;
      // The end of the last paragraph's text is one position before the document's end.
      return state.selection.empty && state.selection.from === state.doc.content.size - 1;
    });
  }

  /**
   * Ctrl+End, then wait until the editor's selection is really there. ProseMirror applies a
   * focus's selection a moment later, which can undo a key pressed in between: press again then.
   */
  async function moveCaretToEnd(page: Page): Promise<void> {
    await editor(page).focus();
    await expect
      .poll(
        async () => {
          if (await caretAtEnd(page)) return true;
          await page.keyboard.press("Control+End");
          return caretAtEnd(page);
        },
        { timeout: WAIT_MS },
      )
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

    // Grace opens the link logged out and signs up from there: the invite comes with her, and
    // the new account lands in the brief.
    await grace.page.goto(inviteUrl);
    await grace.page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
    await signUp(grace);
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
    await expect
      .poll(() => documentText(grace.page), { timeout: WAIT_MS })
      .toBe("Steel plants switch to hydrogen direct reduction.");

    await moveCaretToEnd(grace.page);
    await grace.page.keyboard.press("Enter");
    await grace.page.keyboard.type("Fund the first three plants.");
    await expect.poll(() => documentText(ada.page), { timeout: WAIT_MS }).toContain("Fund the first three plants.");

    // Ada types again, so that her caret is fresh in Grace's view too.
    await ada.page.keyboard.type(" By 2030.");
    await expect.poll(() => documentText(grace.page), { timeout: WAIT_MS }).toContain("By 2030.");

    // Each sees the other's caret, labelled with the other's name, and the other's avatar.
    await expect
      .poll(() => ada.page.getByTestId("editor").locator(".collaboration-carets__label").allTextContents(), {
        timeout: WAIT_MS,
      })
      .toEqual(["Grace Hopper"]);
    await expect
      .poll(() => grace.page.getByTestId("editor").locator(".collaboration-carets__label").allTextContents(), {
        timeout: WAIT_MS,
      })
      .toEqual(["Ada Lovelace"]);
    await expect.poll(() => ada.page.getByTestId("presence").textContent()).toContain("Grace Hopper");
    await expect.poll(() => grace.page.getByTestId("presence").textContent()).toContain("Ada Lovelace");

    // Both end with the same document, in the order it was written.
    const expected = "Steel plants switch to hydrogen direct reduction. By 2030.\nFund the first three plants.";
    await expect.poll(() => documentText(ada.page)).toBe(expected);
    await expect.poll(() => documentText(grace.page)).toBe(expected);
  });
});
