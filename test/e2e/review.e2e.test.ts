import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { documentText, editorBody, useSignedInPages, WAIT_MS } from "../helpers/e2ePages.js";

const SENTENCE = "Steel plants switch to hydrogen direct reduction. The state funds 12 percent of the first plants.";
const QUOTE = "12 percent of the first plants";

describe("e2e: a reviewer comments on the text, an editor replies and resolves", () => {
  const pages = useSignedInPages();
  const { open } = pages;

  /** Drags the mouse over `text` in the body, the way a person selects it (works in a read-only body too). */
  async function dragSelect(page: Page, text: string): Promise<void> {
    const ends = await editorBody(page).evaluate((root, wanted) => {
      const doc = root.ownerDocument;
      const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement?.closest(".collaboration-carets__caret")
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      const nodes: Array<{ node: Text; start: number }> = [];
      let all = "";
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node: node as Text, start: all.length });
        all += node.textContent ?? "";
      }
      const at = all.indexOf(wanted);
      if (at < 0) return null;
      const locate = (offset: number, isEnd: boolean) => {
        const hit = nodes.find(
          ({ node, start }) =>
            offset >= start && (isEnd ? offset <= start + node.length : offset < start + node.length),
        );
        return hit ? { node: hit.node, offset: offset - hit.start } : null;
      };
      const from = locate(at, false);
      const to = locate(at + wanted.length, true);
      if (!from || !to) return null;
      const range = doc.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      const rects = range.getClientRects();
      const first = rects[0];
      const last = rects[rects.length - 1];
      if (!first || !last) return null;
      return {
        x1: first.left + 1,
        y1: first.top + first.height / 2,
        x2: last.right - 1,
        y2: last.top + last.height / 2,
      };
    }, text);
    if (!ends) throw new Error(`"${text}" is not in the body`);
    await page.mouse.move(ends.x1, ends.y1);
    await page.mouse.down();
    await page.mouse.move(ends.x2, ends.y2, { steps: 8 });
    await page.mouse.up();
  }

  /** What the selection in the body is, as the browser has it. */
  function selectedText(page: Page): Promise<string> {
    return page.evaluate(() => document.getSelection()?.toString() ?? "");
  }

  it("the thread, its highlight, the reply and the resolution reach the other person live", {
    timeout: 120_000,
  }, async () => {
    const base = pages.server().url;

    // Setup through the API: a lead, an editor and a reviewer in one brief with one recommendation.
    const lead = await buildUser(base, "Lena Lead");
    const writer = await buildUser(base, "Eddie Editor");
    const reviewer = await buildUser(base, "Rita Reviewer");
    const brief = await buildBrief(lead, "Industrial decarbonisation 2030");
    const sector = await buildSector(lead, brief.id, "Energy");
    await addMember(lead, writer, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    const recommendation = await buildRecommendation(writer, brief.id, sector.id, "Phase out coal in steelmaking");
    const url = `${base}/briefs/${brief.id}/recommendations/${recommendation.id}`;

    // The editor (B) writes the text; the reviewer (A) sees it arrive in a body where their edits can only be suggestions (issue 18).
    const b = await open(writer, url);
    await editorBody(b).click();
    await b.keyboard.type(SENTENCE);
    const a = await open(reviewer, url);
    await expect.poll(() => documentText(a), { timeout: WAIT_MS }).toBe(SENTENCE);
    expect(await a.getByTestId("editor").getAttribute("data-editable")).toBe("true");
    expect(await a.getByTestId("editor").getAttribute("data-suggesting")).toBe("true");

    // A selects a phrase and comments on it from the bubble beside the selection.
    await expect
      .poll(
        async () => {
          if ((await selectedText(a)) !== QUOTE) await dragSelect(a, QUOTE);
          return a.getByTestId("comment-bubble").isVisible();
        },
        { timeout: WAIT_MS },
      )
      .toBe(true);
    await a.getByTestId("comment-bubble").click();
    const composer = a.getByTestId("new-thread");
    expect(await composer.locator("q").textContent()).toBe(QUOTE);
    await composer.getByLabel("Your comment").fill("Which year is this figure from?");
    await composer.getByRole("button", { name: "Comment", exact: true }).click();
    const threadOnA = a.getByTestId("thread").filter({ hasText: "Which year is this figure from?" });
    await threadOnA.waitFor();
    await expect.poll(() => a.locator(".comment-highlight").allTextContents()).toEqual([QUOTE]);

    // B sees the thread in the Comments tab and the highlight on exactly the quoted text, without reloading.
    await b.getByRole("tab", { name: /Comments/ }).click();
    const threadOnB = b.getByTestId("thread").filter({ hasText: "Which year is this figure from?" });
    await threadOnB.waitFor();
    await expect.poll(() => b.locator(".comment-highlight").allTextContents(), { timeout: WAIT_MS }).toEqual([QUOTE]);
    expect(await threadOnB.getByTestId("comment").first().locator(".comment-author").textContent()).toBe(
      "Rita Reviewer",
    );

    // Clicking the highlight makes the thread the active one.
    await b.locator(".comment-highlight").click();
    await expect.poll(() => threadOnB.getAttribute("class")).toContain("thread-active");

    // B replies, then resolves.
    await threadOnB.getByPlaceholder("Reply…").fill("From the 2019 census; I will cite it.");
    await threadOnB.getByRole("button", { name: "Reply", exact: true }).click();
    await expect
      .poll(() => threadOnB.getByTestId("comment-body").allTextContents())
      .toEqual(["Which year is this figure from?", "From the 2019 census; I will cite it."]);
    await threadOnB.getByRole("button", { name: "Resolve thread" }).click();

    // A sees the reply and the resolution live: the thread folds under "Resolved (1)", its highlight goes.
    await expect
      .poll(
        () =>
          a
            .getByTestId("thread")
            .filter({ hasText: "From the 2019 census; I will cite it." })
            .getAttribute("data-status"),
        {
          timeout: WAIT_MS,
        },
      )
      .toBe("resolved");
    await expect.poll(() => a.locator(".resolved-threads > summary").textContent()).toBe("Resolved (1)");
    await expect.poll(() => a.locator(".comment-highlight").count()).toBe(0);
    await expect.poll(() => b.locator(".comment-highlight").count()).toBe(0);
    await expect.poll(() => a.getByTestId("open-thread-count").count()).toBe(0);
  });
});
