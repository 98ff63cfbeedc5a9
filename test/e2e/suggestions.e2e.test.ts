import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import {
  connected,
  documentText,
  editorBody,
  saved,
  seriousViolations,
  useSignedInPages,
  WAIT_MS,
} from "../helpers/e2ePages.js";

const SHOTS = path.resolve(import.meta.dirname, "../../test-results/suggestions");
const ORIGINAL = "Tariffs fell by 12 percent in 2019.";
/** The reviewer's insertion (" sharply" after "fell") accepted, their deletion (" in 2019") rejected. */
const RESULT = "Tariffs fell sharply by 12 percent in 2019.";

describe("e2e: issue 18 — a reviewer suggests, an editor accepts one suggestion and rejects the other", () => {
  const pages = useSignedInPages();
  const { open, pageErrors } = pages;

  /** The suggestions as the side panel lists them: "<author>: <change>". */
  function listed(page: Page): Promise<string[]> {
    return page
      .getByTestId("suggestion")
      .evaluateAll((cards) =>
        cards.map(
          (card) =>
            `${card.querySelector(".suggestion-card-author")?.textContent}: ${card.querySelector(".suggestion-card-change")?.textContent}`,
        ),
      );
  }

  it("shows the reviewer's typing and deleting as suggestions the editor resolves; both see the same text, after reload too", async () => {
    const server = pages.server();
    const lead = await buildUser(server.url, "Lena Lead");
    const ed = await buildUser(server.url, "Ed Editor");
    const rita = await buildUser(server.url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, ed, brief.id, "editor");
    await addMember(lead, rita, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id, "Trade");
    const recommendation = await buildRecommendation(ed, brief.id, sector.id, "Cut tariffs on steel");
    const url = `${server.url}/briefs/${brief.id}/recommendations/${recommendation.id}`;

    // The editor writes the text while it is a draft: ordinary edits, no Suggesting on.
    const edPage = await open(ed, url);
    const toggle = edPage.getByTestId("suggesting-toggle");
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await editorBody(edPage).click();
    await edPage.keyboard.type(ORIGINAL);
    await saved(edPage);

    // In review, the editor starts suggesting (the brief's default) and may turn it off.
    expect(
      (await lead.post(`/api/briefs/${brief.id}/recommendations/${recommendation.id}/transitions`, { to: "in_review" }))
        .status,
    ).toBe(200);
    await expect.poll(() => toggle.getAttribute("aria-pressed"), { timeout: WAIT_MS }).toBe("true");

    // The reviewer's body is editable, always suggesting (no way to turn it off).
    const ritaPage = await open(rita, url);
    await expect.poll(() => documentText(ritaPage)).toBe(ORIGINAL);
    expect(await editorBody(ritaPage).getAttribute("contenteditable")).toBe("true");
    const ritaToggle = ritaPage.getByTestId("suggesting-toggle");
    expect(await ritaToggle.getAttribute("aria-pressed")).toBe("true");
    expect(await ritaToggle.getAttribute("aria-disabled")).toBe("true");
    expect(await ritaPage.getByRole("button", { name: "Bold" }).getAttribute("title")).toBe(
      "Not available while suggesting",
    );

    // Backspace over " in 2019" (before the full stop): struck, not removed.
    await editorBody(ritaPage).click();
    await ritaPage.keyboard.press("End");
    await ritaPage.keyboard.press("ArrowLeft");
    for (let index = 0; index < " in 2019".length; index++) await ritaPage.keyboard.press("Backspace");
    // Typing after "fell": an insertion.
    await ritaPage.keyboard.press("Home");
    for (let index = 0; index < "Tariffs fell".length; index++) await ritaPage.keyboard.press("ArrowRight");
    await ritaPage.keyboard.type(" sharply");
    // Enter would make a new paragraph: refused while suggesting, with the reason said.
    await ritaPage.keyboard.press("Enter");
    await expect
      .poll(() => ritaPage.getByTestId("suggesting-blocked").textContent())
      .toBe("New paragraphs, joining paragraphs and lists are not available while suggesting.");
    await saved(ritaPage);
    expect(await documentText(ritaPage)).toBe("Tariffs fell sharply by 12 percent in 2019.");
    expect(await editorBody(ritaPage).locator(".suggestion-mark-insert").allTextContents()).toEqual([" sharply"]);
    expect(await editorBody(ritaPage).locator(".suggestion-mark-delete").allTextContents()).toEqual([" in 2019"]);
    expect(await editorBody(ritaPage).locator(".suggestion-mark-insert").getAttribute("title")).toMatch(
      /^Suggested by Rita Reviewer, /,
    );

    await ritaPage.getByRole("tab", { name: "Comments" }).click();
    await expect
      .poll(() => listed(ritaPage))
      .toEqual(["Rita Reviewer: Insert “ sharply”", "Rita Reviewer: Delete “ in 2019”"]);
    // A reviewer proposes; only editors and leads accept.
    expect(await ritaPage.getByRole("button", { name: /^Accept/ }).count()).toBe(0);
    // The reviewer says why under the deletion: a reply thread of that suggestion.
    const ritaDeletion = ritaPage.getByTestId("suggestion").filter({ hasText: "Delete “ in 2019”" });
    await ritaDeletion.getByRole("button", { name: "Reply to Rita Reviewer’s suggestion" }).click();
    await ritaPage.keyboard.type("The year is in the title already.");
    await ritaDeletion.getByRole("button", { name: "Reply", exact: true }).click();
    await expect
      .poll(() => ritaDeletion.getByTestId("comment").locator(".comment-body").allTextContents())
      .toEqual(["The year is in the title already."]);
    await ritaPage.screenshot({ path: path.join(SHOTS, "reviewer-suggests.png") });

    // The editor sees both suggestions live, in the text and in the panel.
    await edPage.getByRole("tab", { name: "Comments" }).click();
    await expect
      .poll(() => listed(edPage))
      .toEqual(["Rita Reviewer: Insert “ sharply”", "Rita Reviewer: Delete “ in 2019”"]);
    const deletionCard = edPage.getByTestId("suggestion").filter({ hasText: "Delete “ in 2019”" });
    await expect
      .poll(() => deletionCard.getByTestId("comment").locator(".comment-body").allTextContents())
      .toEqual(["The year is in the title already."]);
    // Under its suggestion, not again among the threads.
    expect(await edPage.getByTestId("thread").count()).toBe(0);
    await edPage.screenshot({ path: path.join(SHOTS, "editor-reviews.png") });
    expect(await seriousViolations(edPage)).toEqual([]);
    const insertion = edPage.getByTestId("suggestion").filter({ hasText: "Insert “ sharply”" });
    const deletion = edPage.getByTestId("suggestion").filter({ hasText: "Delete “ in 2019”" });
    await insertion.getByRole("button", { name: "Accept Insert “ sharply”" }).click();
    await deletion.getByRole("button", { name: "Reject Delete “ in 2019”" }).click();
    await expect.poll(() => listed(edPage)).toEqual([]);
    await saved(edPage);

    for (const page of [edPage, ritaPage]) {
      await expect.poll(() => documentText(page)).toBe(RESULT);
      expect(await editorBody(page).locator(".suggestion-mark").count()).toBe(0);
      await expect.poll(() => listed(page)).toEqual([]);
    }
    // With its suggestion gone, the reply thread is an ordinary thread on the words it was about.
    await expect
      .poll(() => edPage.getByTestId("thread").locator(".thread-quote q").allTextContents())
      .toEqual([" in 2019"]);
    await edPage.screenshot({ path: path.join(SHOTS, "editor-resolved.png") });

    // Stored as ordinary text: the same after a reload, for both.
    for (const page of [edPage, ritaPage]) {
      await page.reload();
      await connected(page);
      await expect.poll(() => documentText(page)).toBe(RESULT);
      expect(await editorBody(page).locator(".suggestion-mark").count()).toBe(0);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("Delete, a word deleted with Ctrl+Backspace and typing over a selection become suggestions, one per contiguous change", async () => {
    const server = pages.server();
    const lead = await buildUser(server.url, "Lena Lead");
    const rita = await buildUser(server.url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, rita, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id, "Trade");
    const recommendation = await buildRecommendation(lead, brief.id, sector.id, "Cut tariffs on steel");
    const url = `${server.url}/briefs/${brief.id}/recommendations/${recommendation.id}`;
    const leadPage = await open(lead, url);
    await leadPage.getByTestId("suggesting-toggle").waitFor();
    await editorBody(leadPage).click();
    await leadPage.keyboard.type(ORIGINAL);
    await saved(leadPage);

    const page = await open(rita, url);
    await expect.poll(() => documentText(page)).toBe(ORIGINAL);
    await editorBody(page).click();
    // Delete strikes forward and the caret moves past the struck text: typing there replaces it.
    await page.keyboard.press("Home");
    for (let index = 0; index < "Tariffs ".length; index++) await page.keyboard.press("Delete");
    await page.keyboard.type("Duties ");
    // Ctrl+Backspace before the full stop: the word before it.
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Control+Backspace");
    // "12" selected with Shift and the arrows (struck and suggested characters count as any others); typing replaces it.
    await page.keyboard.press("Home");
    for (let index = 0; index < "Tariffs Duties fell by ".length; index++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.type("15");
    await saved(page);
    await page.getByRole("tab", { name: "Comments" }).click();
    await expect
      .poll(() => listed(page))
      .toEqual([
        "Rita Reviewer: Replace “Tariffs ” with “Duties ”",
        "Rita Reviewer: Replace “12” with “15”",
        "Rita Reviewer: Delete “2019”",
      ]);
    expect(await documentText(page)).toBe("Tariffs Duties fell by 1215 percent in 2019.");
    // The lead sees the same suggestions and rejects them all: the text is as it was.
    await leadPage.getByRole("tab", { name: "Comments" }).click();
    await expect.poll(() => listed(leadPage)).toHaveLength(3);
    await leadPage.getByRole("button", { name: "Reject all" }).click();
    for (const each of [leadPage, page]) {
      await expect.poll(() => documentText(each)).toBe(ORIGINAL);
      await expect.poll(() => listed(each)).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("the lead turns editors' suggesting off for the brief; an editor can still switch it on, and then edits are suggestions", async () => {
    const server = pages.server();
    const lead = await buildUser(server.url, "Lena Lead");
    const ed = await buildUser(server.url, "Ed Editor");
    const brief = await buildBrief(lead);
    await addMember(lead, ed, brief.id, "editor");
    const sector = await buildSector(lead, brief.id, "Trade");
    const recommendation = await buildRecommendation(ed, brief.id, sector.id, "Cut tariffs on steel");
    const url = `${server.url}/briefs/${brief.id}/recommendations/${recommendation.id}`;
    expect(
      (await lead.post(`/api/briefs/${brief.id}/recommendations/${recommendation.id}/transitions`, { to: "in_review" }))
        .status,
    ).toBe(200);

    const leadPage = await open(lead, url);
    await leadPage.getByRole("button", { name: "Edit brief" }).click();
    const setting = leadPage.getByLabel("Editors suggest while a recommendation is in review");
    expect(await setting.isChecked()).toBe(true);
    await setting.uncheck();
    await leadPage.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(async () => (await lead.get(`/api/briefs/${brief.id}`)).body.brief.suggestEditsInReview)
      .toBe(false);

    const edPage = await open(ed, url);
    const toggle = edPage.getByTestId("suggesting-toggle");
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await editorBody(edPage).click();
    await edPage.keyboard.type("Cut them.");
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await editorBody(edPage).click();
    await edPage.keyboard.press("End");
    await edPage.keyboard.type(" Now.");
    await saved(edPage);
    expect(await documentText(edPage)).toBe("Cut them. Now.");
    expect(await editorBody(edPage).locator(".suggestion-mark-insert").allTextContents()).toEqual([" Now."]);
    await edPage.getByRole("tab", { name: "Comments" }).click();
    await expect.poll(() => listed(edPage)).toEqual(["Ed Editor: Insert “ Now.”"]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
