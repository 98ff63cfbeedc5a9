import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { useSignedInPages, WAIT_MS } from "../helpers/e2ePages.js";
import { anchorOn, paragraphText, writeBody } from "../integration/reviewSupport.js";

const SENTENCE = "Steel plants switch to hydrogen. The state funds 12 percent of the first plants.";
const QUOTE = "12 percent of the first plants";
/** Set to a folder to keep a screenshot of the screen (for looking at it, not for asserting). */
const SCREENSHOTS = process.env.ACCORD_E2E_SCREENSHOTS;

/** Issue 15, defect 5: a thread whose text was deleted attaches again when the deletion is undone (threads SPEC A7). */
describe("e2e: a thread re-attaches when its deleted text is undone", () => {
  const pages = useSignedInPages();

  /** A page logged in as `client`, connected, with the Comments tab open. */
  async function open(client: ApiClient, url: string): Promise<Page> {
    const page = await pages.open(client, url);
    await page.getByRole("tab", { name: /Comments/ }).click();
    return page;
  }

  const highlights = (page: Page) => page.locator(".comment-highlight").allTextContents();
  const removed = (page: Page) => page.getByTestId("thread").locator(".thread-removed").count();

  /** Selects `text` in the editor through the DOM selection, as a drag or Shift+arrows would leave it. */
  async function select(page: Page, text: string): Promise<void> {
    await page
      .getByTestId("editor")
      .locator(".ProseMirror")
      .evaluate((root, wanted) => {
        const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent?.indexOf(wanted) ?? -1;
          if (at < 0) continue;
          (root as HTMLElement).focus();
          root.ownerDocument.getSelection()?.setBaseAndExtent(node, at, node, at + wanted.length);
          return;
        }
        throw new Error(`"${wanted}" is not in the body`);
      }, text);
    await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe(text);
  }

  it("A deletes the commented words (B sees 'Text removed'), A presses Ctrl+Z, later types them back: both see the highlight again", {
    timeout: 30_000,
  }, async () => {
    const server = pages.server();
    // Two people: A leads the brief (and edits), B reviews. The text and the thread come through the API.
    const [lead, reviewer] = await Promise.all([
      buildUser(server.url, "Lena Lead"),
      buildUser(server.url, "Rita Reviewer"),
    ]);
    const brief = await buildBrief(lead);
    await addMember(lead, reviewer, brief.id, "reviewer");
    const rec = await buildRecommendation(lead, brief.id, (await buildSector(lead, brief.id)).id);
    const base = `/api/briefs/${brief.id}/recommendations/${rec.id}`;
    const writer = await writeBody(server, lead, rec.id, SENTENCE);
    const at = SENTENCE.indexOf(QUOTE);
    const created = await reviewer.post(`${base}/threads`, {
      anchor: anchorOn(paragraphText(writer), at, at + QUOTE.length),
      quote: QUOTE,
      body: "Which year is this figure from?",
    });
    expect(created.status).toBe(201);
    writer.provider.destroy();

    const url = `${server.url}/briefs/${brief.id}/recommendations/${rec.id}`;
    const [a, b] = await Promise.all([open(lead, url), open(reviewer, url)]);
    for (const page of [a, b]) await expect.poll(() => highlights(page), { timeout: WAIT_MS }).toEqual([QUOTE]);

    // A selects the commented words and deletes them.
    await select(a, QUOTE);
    await a.keyboard.press("Backspace");
    for (const page of [a, b]) {
      await expect.poll(() => removed(page), { timeout: WAIT_MS }).toBe(1);
      expect(await highlights(page)).toEqual([]);
    }

    // A undoes: the words come back as new Yjs items, and the thread finds them again (A7).
    await a.keyboard.press("Control+z");
    for (const page of [a, b]) {
      await expect.poll(() => highlights(page), { timeout: WAIT_MS }).toEqual([QUOTE]);
      await expect.poll(() => removed(page), { timeout: WAIT_MS }).toBe(0);
    }
    expect(await b.getByTestId("thread").locator(".thread-quote q").textContent()).toBe(QUOTE);
    if (SCREENSHOTS) await b.screenshot({ path: path.join(SCREENSHOTS, "thread-reattached.png") });

    // Deleted again, and the words typed back where they were: attached again, as they are typed.
    await select(a, QUOTE);
    await a.keyboard.press("Backspace");
    for (const page of [a, b]) await expect.poll(() => removed(page), { timeout: WAIT_MS }).toBe(1);
    await a.keyboard.type(QUOTE);
    for (const page of [a, b]) {
      await expect.poll(() => highlights(page), { timeout: WAIT_MS }).toEqual([QUOTE]);
      await expect.poll(() => removed(page), { timeout: WAIT_MS }).toBe(0);
    }

    // The thread list, fetched fresh, says the same.
    const listed = await reviewer.get(`${base}/threads`);
    expect(listed.body.threads.map((thread: { anchorState: unknown }) => thread.anchorState)).toEqual([
      { state: "attached", text: QUOTE },
    ]);
  });
});
