import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { documentText, editorBody, saved, useSignedInPages, WAIT_MS } from "../helpers/e2ePages.js";

const SUBMITTED = "Quotas rose by 9 percent in 2021.";
/** The reviewer's insertion (" slightly" after "rose") accepted, their deletion (" in 2021") rejected. */
const REVIEWED = "Quotas rose slightly by 9 percent in 2021.";

/**
 * Issue 18, one review round with three people in three browsers: a reviewer suggests, an
 * editor accepts one suggestion and rejects the other, and the lead compares the version saved
 * when the text was submitted with now (exactly the accepted words differ) and restores it.
 */
describe("e2e: a review round — reviewer suggests, editor resolves, lead compares and restores", () => {
  const pages = useSignedInPages();
  const { open, pageErrors } = pages;

  function listed(page: Page): Promise<string[]> {
    return page.getByTestId("suggestion").locator(".suggestion-card-change").allTextContents();
  }

  it("ends with the submitted text restored for all three, and the diff showed only the accepted words", async () => {
    const server = pages.server();
    const lead = await buildUser(server.url, "Lina Lead");
    const editor = await buildUser(server.url, "Emil Editor");
    const reviewer = await buildUser(server.url, "Rosa Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id, "Agriculture");
    const recommendation = await buildRecommendation(editor, brief.id, sector.id, "Keep quotas predictable");
    const url = `${server.url}/briefs/${brief.id}/recommendations/${recommendation.id}`;

    // The editor writes the draft and submits it for review: a version "Submitted for review".
    const e = await open(editor, url);
    await editorBody(e).click();
    await e.keyboard.type(SUBMITTED);
    await saved(e);
    await e.getByRole("group", { name: "Change status" }).getByRole("button", { name: "Submit for review" }).click();
    await e.getByRole("dialog").getByRole("button", { name: "Submit for review" }).click();
    await expect.poll(() => e.getByTestId("suggesting-toggle").getAttribute("aria-pressed")).toBe("true");

    // The reviewer strikes " in 2021" and types " slightly" after "rose".
    const r = await open(reviewer, url);
    await expect.poll(() => documentText(r)).toBe(SUBMITTED);
    await editorBody(r).click();
    await r.keyboard.press("End");
    await r.keyboard.press("ArrowLeft");
    for (let index = 0; index < " in 2021".length; index++) await r.keyboard.press("Backspace");
    await r.keyboard.press("Home");
    for (let index = 0; index < "Quotas rose".length; index++) await r.keyboard.press("ArrowRight");
    await r.keyboard.type(" slightly");
    await saved(r);
    expect(await documentText(r)).toBe(REVIEWED);

    // The editor sees both, accepts the insertion and rejects the deletion.
    await e.getByRole("tab", { name: "Comments" }).click();
    await expect.poll(() => listed(e)).toEqual(["Insert “ slightly”", "Delete “ in 2021”"]);
    await e.getByRole("button", { name: "Accept Insert “ slightly”" }).click();
    await e.getByRole("button", { name: "Reject Delete “ in 2021”" }).click();
    await expect.poll(() => listed(e)).toEqual([]);
    await saved(e);
    for (const page of [e, r]) await expect.poll(() => documentText(page)).toBe(REVIEWED);

    // The lead compares the submitted version with now: exactly the accepted word is new.
    const l = await open(lead, url);
    await expect.poll(() => documentText(l)).toBe(REVIEWED);
    expect(await editorBody(l).locator(".suggestion-mark").count()).toBe(0);
    await l.getByRole("tab", { name: "History" }).click();
    await l.getByRole("button", { name: "Compare with now: “Submitted for review”" }).click();
    const viewer = l.getByTestId("version-viewer");
    await expect.poll(() => viewer.getByTestId("diff-summary").textContent()).toBe("1 insertion");
    const diff = viewer.getByTestId("version-body");
    expect((await diff.locator("ins.diff-inserted").allTextContents()).map((text) => text.trim())).toEqual([
      "slightly",
    ]);
    expect(await diff.locator("del.diff-deleted").count()).toBe(0);
    // What is seen: the text as it is now (the words only a screen reader hears left out).
    expect(
      await diff.evaluate((element) => {
        const copy = element.cloneNode(true) as typeof element;
        for (const hidden of copy.querySelectorAll(".visually-hidden")) hidden.remove();
        return copy.textContent;
      }),
    ).toBe(REVIEWED);

    // The lead restores it: everyone's text is the submitted one again, and the history says so.
    await viewer.getByRole("button", { name: "Restore this version" }).click();
    await l
      .getByRole("dialog", { name: "Restore “Submitted for review”?" })
      .getByRole("button", { name: "Restore this version" })
      .click();
    await viewer.waitFor({ state: "detached" });
    for (const page of [l, e, r]) await expect.poll(() => documentText(page), { timeout: WAIT_MS }).toBe(SUBMITTED);
    await l.getByTestId("version").filter({ hasText: "Restored “Submitted for review”" }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
