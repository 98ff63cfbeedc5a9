import { PARAGRAPH_SPACING_EM } from "@accord/export/paragraphSpacing";
import type { Page } from "playwright-core";
import { describe, it } from "vitest";
import { MAX_UNSENT_BYTES } from "../../client/src/editor/unsentLimit.js";
import { connectionStatus, editorBody, polling, useCuttableBrowser } from "../helpers/cuttableBrowser.js";

/**
 * Issue 15's bounds and what a sign-out leaves on a shared computer, in Chromium: the device's
 * unsent-text limit (MAX_UNSENT_BYTES) against a writer pasting past it offline, the deletion
 * of a user's local copies at sign-out (and the question before unsent changes go with them),
 * and the editor's paragraph spacing (PARAGRAPH_SPACING_EM, as in the exports). The document
 * socket goes through a real TCP proxy the test cuts.
 */
// One after another: the 4 MiB paste would slow its neighbours past their time on two cores.
describe("e2e: local copies are bounded and leave with their user", () => {
  const env = useCuttableBrowser();
  const { signedIn, storedText, openSaved } = env;
  const status = connectionStatus;
  const team = env.team;

  /** A paste from the clipboard, as the browser delivers it: ProseMirror's own paste handling inserts it. */
  async function paste(page: Page, text: string): Promise<void> {
    await page.evaluate((pasted) => {
      const target = document.querySelector("[data-testid=editor] .ProseMirror")!;
      const data = new DataTransfer();
      data.setData("text/plain", pasted);
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** The names of this browser's IndexedDB databases that hold `userId`'s local copies. */
  async function localCopies(page: Page, userId: string): Promise<string[]> {
    return page.evaluate(
      async (prefix) =>
        (await indexedDB.databases())
          .map((db) => db.name ?? "")
          .filter((name) => name.startsWith(prefix))
          .sort(),
      `accord:${userId}:`,
    );
  }

  const accountMenu = (page: Page) => page.getByRole("button", { name: /account menu/ });

  it(`stops taking text offline past MAX_UNSENT_BYTES (${MAX_UNSENT_BYTES} bytes), loses none of it, stores it all on reconnect and takes text again`, async ({
    expect,
  }) => {
    const poll = polling(expect);
    const { editor, rec, url } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "Stored first.");
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("offline");

    // Four pastes of a quarter of the limit each: the fourth goes past it (each edit's update is
    // its text and a few bytes more), the fifth is refused. Each is paragraphs of 8 KiB, as a
    // pasted report would be.
    const quarter = MAX_UNSENT_BYTES / 4;
    const line = 8 * 1024;
    const chunk = (letter: string) =>
      `\n${`${letter.repeat(7)} `.repeat(line / 8 - 1)}${letter.repeat(7)}`.repeat(quarter / line);
    const chunks = ["a", "b", "c", "d"].map(chunk);
    const full = page.getByRole("alert").filter({ hasText: "unsaved text" });
    for (const [index, text] of chunks.entries()) {
      expect(await full.count()).toBe(0);
      await paste(page, text);
      await poll(() => status(page).textContent()).toBe(
        `Offline — ${index + 1} ${index === 0 ? "change" : "changes"} kept on this device`,
      );
    }
    const kept = `Stored first.${chunks.join("")}`;
    const keptXml = kept
      .split("\n")
      .map((paragraph) => `<paragraph>${paragraph}</paragraph>`)
      .join("");
    await poll(() => full.textContent()).toBe(
      `This device holds as much unsaved text as it may (${MAX_UNSENT_BYTES / 1024 / 1024} MB); typing resumes once it is saved.`,
    );
    await poll(() => page.getByTestId("editor").getAttribute("data-editable")).toBe("false");
    expect(await editorBody(page).getAttribute("contenteditable")).toBe("false");

    // The attack: more pasted and typed. None of it is taken, and nothing already there is lost.
    await paste(page, chunk("e"));
    await editorBody(page).press("End");
    await page.keyboard.type("typed");
    expect(await status(page).textContent()).toBe("Offline — 4 changes kept on this device");
    expect(await editorBody(page).evaluate((node) => node.textContent)).toBe(kept.replaceAll("\n", ""));
    expect(await storedText(rec.id)).toBe("<paragraph>Stored first.</paragraph>");

    env.proxy().restore(rec.id);
    await poll(() => page.getByTestId("save-status").textContent()).toBe("Saved");
    expect(await storedText(rec.id)).toBe(keptXml);
    await poll(() => full.count()).toBe(0);
    await poll(() => page.getByTestId("editor").getAttribute("data-editable")).toBe("true");

    // Typing resumes, and is stored.
    await editorBody(page).focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Resumed.");
    await poll(() => page.getByTestId("save-status").textContent()).toBe("Saved");
    expect(await storedText(rec.id)).toBe(`${keptXml.slice(0, -"</paragraph>".length)} Resumed.</paragraph>`);
    await page.close();
  }, 60_000);

  it("deletes the user's local copies when they sign out with everything saved, without asking", async ({ expect }) => {
    const poll = polling(expect);
    const { editor, rec, url, userId } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "Saved text.");
    expect(await localCopies(page, userId)).toEqual([`accord:${userId}:${rec.id}`]);

    await accountMenu(page).click();
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await page.waitForURL(/\/login/);
    expect(await page.getByRole("dialog").count()).toBe(0);
    await poll(() => localCopies(page, userId)).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem("accord:local-documents"))).toBe("[]");
    expect(await storedText(rec.id)).toBe("<paragraph>Saved text.</paragraph>");
    await page.close();
  });

  it("asks before signing out with changes kept offline: 'Stay signed in' (focused) keeps them, and they are stored once the connection returns", async ({
    expect,
  }) => {
    const poll = polling(expect);
    const { editor, rec, url, userId } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "Kept.");
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("offline");
    const offline = " Offline words.";
    await page.keyboard.type(offline);
    await poll(() => status(page).textContent()).toBe(`Offline — ${offline.length} changes kept on this device`);

    await accountMenu(page).click();
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Sign out and discard unsaved changes?" });
    await poll(() => dialog.locator(".dialog-description").textContent()).toBe(
      `${offline.length} changes on this device are not yet saved to the server. Signing out deletes them from this device. Stay signed in until the editor says "Saved" to keep them.`,
    );
    // The safe choice has the focus: Enter keeps the changes.
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Stay signed in");
    await page.keyboard.press("Enter");
    await poll(() => dialog.count()).toBe(0);

    expect(page.url()).toBe(url);
    expect(await status(page).textContent()).toBe(`Offline — ${offline.length} changes kept on this device`);
    expect(await localCopies(page, userId)).toEqual([`accord:${userId}:${rec.id}`]);
    expect(await editorBody(page).textContent()).toBe(`Kept.${offline}`);

    env.proxy().restore(rec.id);
    await poll(() => page.getByTestId("save-status").textContent()).toBe("Saved");
    expect(await storedText(rec.id)).toBe(`<paragraph>Kept.${offline}</paragraph>`);
    await page.close();
  });

  it("'Sign out and discard them' signs out and deletes the unsent changes from this device", async ({ expect }) => {
    const poll = polling(expect);
    const { editor, rec, url, userId } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "Kept.");
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("offline");
    await page.keyboard.type(" Gone.");
    await poll(() => status(page).textContent()).toBe("Offline — 6 changes kept on this device");

    await accountMenu(page).click();
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Sign out and discard them" }).click();
    await page.waitForURL(/\/login/);
    await poll(() => localCopies(page, userId)).toEqual([]);
    env.proxy().restore(rec.id);
    expect(await storedText(rec.id)).toBe("<paragraph>Kept.</paragraph>");
    await page.close();
  });

  it("keeps the unsent changes of a session the server ended (signed out elsewhere): they belong to the user", async ({
    expect,
  }) => {
    const poll = polling(expect);
    const { editor, rec, url, userId } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "Kept.");
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("offline");
    await page.keyboard.type(" Mine.");
    await poll(() => status(page).textContent()).toBe("Offline — 6 changes kept on this device");

    // The same session, ended by a request from elsewhere: the server tells the page.
    expect((await editor.post("/api/auth/logout", {})).status).toBe(204);
    await page.waitForURL(/\/login/);
    expect(await localCopies(page, userId)).toEqual([`accord:${userId}:${rec.id}`]);
    env.proxy().restore(rec.id);
    await page.close();
  });

  it(`spaces the editor's paragraphs by PARAGRAPH_SPACING_EM (${PARAGRAPH_SPACING_EM}em) of their font size, as the exports do`, async ({
    expect,
  }) => {
    const { editor, url } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "First paragraph.");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Second paragraph.");
    const [fontSize, marginTop] = await editorBody(page)
      .locator("p")
      .nth(1)
      .evaluate((p) => [getComputedStyle(p).fontSize, getComputedStyle(p).marginTop]);
    expect(marginTop).toBe(`${PARAGRAPH_SPACING_EM * Number.parseFloat(fontSize!)}px`);
    await page.close();
  });
});
