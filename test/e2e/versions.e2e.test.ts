import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { documentText, editorBody, saved, seriousViolations, useSignedInPages, WAIT_MS } from "../helpers/e2ePages.js";
import { makeTempDir } from "../helpers/startServer.js";

const SUBMITTED = "The state funds the first plants.";
const ADDED = " They start in 2027.";
const EDITED = "The state funds the new plants. They start in 2027.";

describe("e2e: version history — compare a version with now, and restore it", () => {
  const pages = useSignedInPages();
  const { open } = pages;

  /** Double-clicks a word of the live text, which selects it, as a person would. */
  async function doubleClickWord(page: Page, word: string): Promise<void> {
    const point = await editorBody(page).evaluate((root, wanted) => {
      const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? "").indexOf(wanted);
        if (at < 0) continue;
        const range = root.ownerDocument.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      return null;
    }, word);
    if (!point) throw new Error(`"${word}" is not in the text`);
    await page.mouse.dblclick(point.x, point.y);
    // The browser selects the word; ProseMirror reads that selection at the next selectionchange
    // event, which can come after a key sent at once (a person's next key is never that quick).
    // A shortcut such as Ctrl+B acts on ProseMirror's selection, so wait until it holds the word.
    await expect.poll(() => selectedText(page)).toBe(word);
  }

  /** The text of the editor's own selection (Tiptap keeps its editor on the ProseMirror element). */
  function selectedText(page: Page): Promise<string> {
    return editorBody(page).evaluate((root) => {
      const { state } = (root as HTMLElement & { editor: { state: import("@tiptap/pm/state").EditorState } }).editor;
      return state.doc.textBetween(state.selection.from, state.selection.to);
    });
  }

  it("an editor's submitted text is a version; the lead compares it with now, sees exactly the changed words, and restores it for everyone", {
    timeout: 120_000,
  }, async () => {
    const base = pages.server().url;
    const lead = await buildUser(base, "Lena Lead");
    const writer = await buildUser(base, "Eddie Editor");
    const brief = await buildBrief(lead, "Industrial decarbonisation 2030");
    const sector = await buildSector(lead, brief.id, "Energy");
    await addMember(lead, writer, brief.id, "editor");
    const recommendation = await buildRecommendation(writer, brief.id, sector.id, "Fund the first hydrogen plants");
    const url = `${base}/briefs/${brief.id}/recommendations/${recommendation.id}`;

    // The editor writes the text and submits it for review once it is saved.
    const e = await open(writer, url);
    await editorBody(e).click();
    await e.keyboard.type(SUBMITTED);
    await saved(e);
    await e.getByRole("group", { name: "Change status" }).getByRole("button", { name: "Submit for review" }).click();
    await e.getByRole("dialog").getByRole("button", { name: "Submit for review" }).click();

    // The transition saved a version, listed in History with its author and the new status.
    await e.getByRole("tab", { name: "History" }).click();
    const submittedOnE = e.getByTestId("version").filter({ hasText: "Submitted for review" });
    await submittedOnE.waitFor();
    expect(await submittedOnE.locator(".version-authors").textContent()).toBe("Eddie Editor");
    expect(await submittedOnE.locator("[data-status]").getAttribute("data-status")).toBe("in_review");

    // Named on demand by the editor.
    await e.getByRole("button", { name: "Save version…" }).click();
    await e.getByLabel("Name of the version").fill("Sent to the director");
    await e.getByLabel("Name of the version").press("Enter");
    await e.getByTestId("version").filter({ hasText: "Sent to the director" }).waitFor();

    // In review the editor's changes would be suggestions: they switch to editing directly, then edit.
    const toggle = e.getByTestId("suggesting-toggle");
    if ((await toggle.getAttribute("aria-pressed")) === "true") await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("false");
    await doubleClickWord(e, "state");
    await e.keyboard.press("Control+b");
    await doubleClickWord(e, "first");
    await e.keyboard.type("new");
    await e.keyboard.press("End");
    await e.keyboard.type(ADDED);
    await expect.poll(() => documentText(e)).toBe(EDITED);
    await saved(e);

    // The editor's last review was their submission: what changed since is what they just typed.
    const sinceOnE = e.getByRole("button", { name: "What changed since my last review" });
    await sinceOnE.click();
    await expect
      .poll(() => e.getByTestId("version-viewer-title").textContent())
      .toMatch(/^Changes from version “Submitted for review” \(.+\) to now — read-only$/);
    await expect
      .poll(() => e.getByTestId("diff-summary").textContent())
      .toBe("2 insertions, 1 deletion, 1 formatting change");
    await e.getByTestId("version-viewer").getByRole("button", { name: "Close" }).click();
    await e.getByTestId("version-viewer").waitFor({ state: "detached" });
    // Focus goes back to the button that opened it.
    await expect
      .poll(() => e.evaluate(() => document.activeElement?.textContent))
      .toBe("What changed since my last review");

    // The lead opens History and compares "Submitted for review" with now.
    const l = await open(lead, url);
    await expect.poll(() => documentText(l), { timeout: WAIT_MS }).toBe(EDITED);
    await l.getByRole("tab", { name: "History" }).click();
    await l.getByRole("button", { name: "What changed since my last review" }).click();
    await expect
      .poll(() => l.getByTestId("last-review-message").textContent())
      .toBe("You have not reviewed this recommendation yet.");
    await l.getByRole("button", { name: "Compare with now: “Submitted for review”" }).click();
    const viewer = l.getByTestId("version-viewer");
    await expect
      .poll(() => viewer.getByTestId("version-viewer-title").textContent())
      .toMatch(/^Changes from version “Submitted for review” \(.+\) to now — read-only$/);
    // The heading takes focus, so a screen reader announces what is shown.
    expect(await l.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("version-viewer-title");
    await expect
      .poll(() => viewer.getByTestId("diff-summary").textContent())
      .toBe("2 insertions, 1 deletion, 1 formatting change");
    const body = viewer.getByTestId("version-body");
    expect(await body.locator("ins.diff-inserted").allTextContents()).toEqual(["new", ADDED]);
    expect(await body.locator("del.diff-deleted").allTextContents()).toEqual(["first"]);
    // Bold added is marked as formatting, with what changed in its title, and shown bold.
    const formatted = body.locator(".diff-format");
    expect(await formatted.allTextContents()).toEqual(["state"]);
    expect(await formatted.first().getAttribute("title")).toBe("Bold added");
    expect(await body.locator("strong").allTextContents()).toEqual(["state"]);
    expect(await body.getAttribute("contenteditable")).toBe("false");
    // The live editor is hidden behind the viewer, still connected.
    expect(await l.getByTestId("editor").isVisible()).toBe(false);

    // From the keyboard, Next change moves into the text to the first change and says what it is.
    await viewer.getByRole("button", { name: "Next change" }).click();
    await expect.poll(() => l.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("version-body");
    await l.getByText("Change 1 of 3: Bold added on “state”.").first().waitFor();
    await viewer.getByRole("button", { name: "Next change" }).click();
    await l.getByText("Change 2 of 3: Replaced “first” with “new”.").first().waitFor();

    // The version alone, read-only; then compared with another version (the same text).
    const compareWith = viewer.getByTestId("compare-with");
    await compareWith.selectOption({ label: "Nothing: this version alone" });
    await expect
      .poll(() => viewer.getByTestId("version-viewer-title").textContent())
      .toMatch(/^Version “Submitted for review”, .+ — read-only$/);
    await expect.poll(() => body.textContent()).toBe(SUBMITTED);
    expect(await body.locator("ins, del").count()).toBe(0);
    const sent = await compareWith.locator("option", { hasText: "Sent to the director" }).getAttribute("value");
    await compareWith.selectOption(sent!);
    await expect.poll(() => viewer.getByTestId("diff-summary").textContent()).toBe("No changes");
    await compareWith.selectOption({ label: "Now: the current text" });
    await expect
      .poll(() => viewer.getByTestId("diff-summary").textContent())
      .toBe("2 insertions, 1 deletion, 1 formatting change");

    // The History tab and the comparison, as a screen reader or keyboard reaches them.
    expect(await seriousViolations(l)).toEqual([]);

    const shots = process.env.E2E_SCREENSHOT_DIR ?? makeTempDir("accord-versions-");
    await l.screenshot({ path: path.join(shots, "versions-compare.png") });

    // The lead restores it: one ordinary edit both people receive, then a version that records it.
    await viewer.getByRole("button", { name: "Restore this version" }).click();
    const dialog = l.getByRole("dialog", { name: "Restore “Submitted for review”?" });
    await dialog.getByRole("button", { name: "Restore this version" }).click();
    await viewer.waitFor({ state: "detached" });
    await expect.poll(() => documentText(l)).toBe(SUBMITTED);
    await expect.poll(() => documentText(e), { timeout: WAIT_MS }).toBe(SUBMITTED);
    const restored = l.getByTestId("version").filter({ hasText: "Restored “Submitted for review”" });
    await restored.waitFor();
    expect(await restored.locator(".version-authors").textContent()).toBe("Lena Lead");
    // The text it replaced was kept first: nothing of the history is lost.
    expect(await l.getByTestId("version-name").allTextContents()).toEqual([
      "Restored “Submitted for review”",
      "Before restoring “Submitted for review”",
      "Sent to the director",
      "Submitted for review",
    ]);
    // The editor's panel hears of it live (version.created).
    await e.getByTestId("version").filter({ hasText: "Restored “Submitted for review”" }).waitFor();
    await l.screenshot({ path: path.join(shots, "versions-restored.png") });
    expect(fs.existsSync(path.join(shots, "versions-compare.png"))).toBe(true);
  });
});
