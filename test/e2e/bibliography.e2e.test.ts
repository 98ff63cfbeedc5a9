import path from "node:path";
import type { ImportedReport } from "@accord/evidence";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eventually } from "../helpers/eventually.js";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { startServer, type TestServer } from "../helpers/startServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";

/** How long any one thing a person waits for (a paste read on the export workers, a save) may take. */
const WAIT_MS = 15_000;
/** Set to a folder to keep a screenshot of each screen (for looking at them, not for asserting). */
const SCREENSHOTS = process.env.ACCORD_E2E_SCREENSHOTS;

/** Two entries of our own: a journal article with a DOI and an organisation's web page. */
const TWO_ENTRIES = `@article{okafor2023silt,
  author = {Okafor, Nneka and Silva, Rui},
  title = {Silt Loads in the Second Canal},
  journal = {Journal of Harbour Studies},
  year = {2023},
  volume = {12},
  number = {3},
  pages = {45--67},
  doi = {10.5555/jhs.2023.0312}
}

@misc{valdora2024tariffs,
  author = {{Port Authority of Valdora}},
  title = {Berth Tariffs for the 2024 Season},
  year = {2024},
  url = {https://example.org/valdora/berth-tariffs-2024}
}
`;

/** An entry whose braces never close: nothing of it may be stored. */
const MALFORMED = `@article{broken2024,
  author = {Mendes, Ines},
  title = {Cold Storage {Along the Quay,
  year = {2024
`;

/** Our own words. Note 1 follows "silts up twice as fast." */
const MARKED_TEXT = "The second canal silts up twice as fast. Dredging it yearly keeps the berths open.";
const QUOTE = {
  text: "silts up twice as fast",
  start: MARKED_TEXT.indexOf("silts up"),
  end: MARKED_TEXT.indexOf("silts up") + 22,
};
/** A passage of a page without markers: its page's note is a candidate source nobody chose. */
const PAGE_TEXT = "Refrigerated capacity near the docks meets only 40 percent of demand.";

function harbourReport(): ImportedReport {
  return {
    title: "Harbour Logistics Outlook",
    metadata: {
      title: "Harbour Logistics Outlook",
      authors: ["Ines Mendes"],
      publisher: "Harbour Institute",
      date: "2024-02",
      reportNumber: null,
    },
    format: "markdown",
    pageCount: 2,
    sections: [{ title: "Shipping", position: 0, level: 1, sectorLike: false, sectorName: null }],
    passages: [
      {
        position: 0,
        kind: "paragraph",
        section: 0,
        page: 1,
        text: MARKED_TEXT,
        figures: [],
        footnotes: [1],
        sourcesFrom: "markers",
        markers: [{ number: 1, at: QUOTE.end + 1 }],
      },
      {
        position: 1,
        kind: "paragraph",
        section: 0,
        page: 2,
        text: PAGE_TEXT,
        figures: [],
        footnotes: [2],
        sourcesFrom: "page",
        markers: [],
      },
    ],
    footnotes: [
      {
        number: 1,
        page: 1,
        url: "https://example.org/soundings",
        urls: ["https://example.org/soundings"],
        text: "Port of Valdora, “Soundings 2023,” https://example.org/soundings.",
      },
      { number: 2, page: 2, url: null, urls: [], text: "Cold chain survey, 2023." },
    ],
  };
}

/** The smallest note style of our own that citeproc renders: the house's CSL file. */
const HOUSE_STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0" default-locale="en-US">
  <info>
    <title>Harbour House Style</title>
    <id>http://example.org/styles/harbour-house</id>
    <updated>2026-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout suffix=".">
      <text variable="title"/>
    </layout>
  </citation>
  <bibliography>
    <layout>
      <text variable="title"/>
    </layout>
  </bibliography>
</style>
`;

/** expect.poll with the time a person waits here (its own default, one second, is short on a busy machine). */
function poll<T>(check: () => Promise<T> | T) {
  return expect.poll(check, { timeout: WAIT_MS });
}

describe("e2e: a brief's bibliography and citation style in Chromium", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function open(client: ApiClient): Promise<Page> {
    if (!browser || !server) throw new Error("the browser or the server did not start");
    const [name, value] = (client.cookie ?? "").split("=");
    if (!name || !value) throw new Error("the user has no session cookie");
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    await context.addCookies([{ name, value, url: server.url }]);
    return context.newPage();
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  const bodies: Array<() => void> = [];
  afterEach(() => {
    for (const close of bodies.splice(0)) close();
  });

  /** A recommendation's body as a browser edits it: a Yjs client over the document socket with the user's cookie. */
  async function openBody(client: ApiClient, recommendationId: string): Promise<Y.XmlFragment> {
    if (!server) throw new Error("the server did not start");
    return (
      await openSyncedDocument(server.url, client.cookie, recommendationId, (cleanup) => bodies.push(cleanup), {
        timeoutMs: WAIT_MS,
      })
    ).body;
  }

  function listedTitles(page: Page): Promise<string[]> {
    return page.getByTestId("source-row").locator(".bib-source-title").allTextContents();
  }

  it("a lead pastes BibTeX, a malformed paste adds nothing, sources are added by hand, edited and (unless cited) deleted, a house CSL file is refused then used, the style becomes APA, a viewer only reads", {
    timeout: 120_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    const base = server.url;
    const lead = await buildUser(base, "Lena Lead");
    const viewer = await buildUser(base, "Vic Viewer");
    const brief = await buildBrief(lead, "Harbour logistics");
    const sector = await buildSector(lead, brief.id, "Shipping");
    await buildRecommendation(lead, brief.id, sector.id, "Fund the dredging of the second canal");
    await addMember(lead, viewer, brief.id, "viewer");

    // The lead reaches the bibliography from the workspace's own navigation; the page sits inside
    // the workspace, its sectors beside it.
    const page = await open(lead);
    await page.goto(`${base}/briefs/${brief.id}`);
    await page.getByRole("navigation", { name: "Brief" }).getByRole("link", { name: "Bibliography" }).click();
    await page.waitForURL(`${base}/briefs/${brief.id}/sources`);
    await page.getByRole("heading", { level: 1, name: "Bibliography sources" }).waitFor();
    await page.getByTestId("sources-empty").waitFor();
    expect(
      await page
        .getByRole("navigation", { name: "Sectors and recommendations" })
        .getByRole("heading", { name: "Sectors" })
        .count(),
    ).toBe(1);
    expect(
      await page
        .getByRole("navigation", { name: "Brief" })
        .getByRole("link", { name: "Bibliography" })
        .getAttribute("aria-current"),
    ).toBe("page");
    expect(await page.title()).toBe("Bibliography sources · Harbour logistics · Accord");
    expect(await page.getByTestId("citation-style-name").textContent()).not.toBe("");
    await shot(page, "sources-empty");

    // Pasting two entries: the format is recognised, both are added and listed, readably.
    const paste = page.getByRole("form", { name: "Paste BibTeX or RIS" });
    await paste.getByLabel("BibTeX entries").fill(TWO_ENTRIES);
    expect(await paste.getByRole("radio", { name: "BibTeX" }).isChecked()).toBe(true);
    await paste.getByRole("button", { name: "Add entries" }).click();
    await poll(() => paste.getByRole("status").textContent()).toBe("Added 2 sources.");
    await poll(() => listedTitles(page)).toEqual([
      "Silt Loads in the Second Canal",
      "Berth Tariffs for the 2024 Season",
    ]);
    const article = page.getByTestId("source-row").filter({ hasText: "Silt Loads in the Second Canal" });
    expect(await article.locator(".bib-source-byline").textContent()).toBe("Nneka Okafor and Rui Silva·2023");
    expect(await article.getByRole("link", { name: "10.5555/jhs.2023.0312" }).getAttribute("href")).toBe(
      "https://doi.org/10.5555/jhs.2023.0312",
    );
    const webPage = page.getByTestId("source-row").filter({ hasText: "Berth Tariffs for the 2024 Season" });
    expect(await webPage.getByRole("link", { name: "https://example.org/valdora/berth-tariffs-2024" }).count()).toBe(1);
    expect(await paste.getByLabel("BibTeX entries").inputValue()).toBe("");
    await shot(page, "sources-listed");

    // A malformed paste: the server's 400 is shown at the text, and nothing is added.
    await paste.getByLabel("BibTeX entries").fill(MALFORMED);
    await paste.getByRole("button", { name: "Add entries" }).click();
    const error = paste.getByRole("alert");
    await error.waitFor();
    // The server's own message (naming the entry it could not read), without its field name, shown at the text.
    const refused = await lead.post(`/api/briefs/${brief.id}/sources`, { bibtex: MALFORMED });
    expect([refused.status, refused.body.error.field]).toEqual([400, "bibtex"]);
    expect(refused.body.error.message).toContain("broken2024");
    expect(await error.textContent()).toBe(refused.body.error.message.replace(/^bibtex: /, ""));
    expect(await paste.getByLabel("BibTeX entries").getAttribute("aria-invalid")).toBe("true");
    expect(await paste.getByLabel("BibTeX entries").inputValue()).toBe(MALFORMED);
    expect(await listedTitles(page)).toEqual(["Silt Loads in the Second Canal", "Berth Tariffs for the 2024 Season"]);
    const stored = await lead.get(`/api/briefs/${brief.id}/sources`);
    expect(stored.status).toBe(200);
    expect(stored.body.sources.map((source: { csl: { title: string } }) => source.csl.title)).toEqual([
      "Silt Loads in the Second Canal",
      "Berth Tariffs for the 2024 Season",
    ]);
    await shot(page, "sources-paste-error");

    // By hand: the form's hints come first, then a book is added, listed last, and deleted.
    await page.getByRole("radio", { name: "Type one in" }).check();
    const form = page.getByRole("form", { name: "Add source" });
    await form.getByLabel("Web address (URL)").fill("ftp://example.org/x");
    await form.getByRole("button", { name: "Add source" }).click();
    await poll(() => form.getByText("Give the source a title.").count()).toBe(1);
    expect(await form.getByText("Give a full web address starting with http:// or https://.").count()).toBe(1);
    await shot(page, "sources-form-hints");
    await form.getByLabel("Type").selectOption("book");
    await form.getByLabel("Title").fill("Quays and Their Keepers");
    await form.getByLabel("Authors").fill("Mendes, Ines");
    await form.getByLabel("Date").fill("2019");
    await form.getByLabel("Publisher").fill("Harbour Press");
    await form.getByLabel("Web address (URL)").fill("");
    await form.getByRole("button", { name: "Add source" }).click();
    await poll(() => listedTitles(page)).toEqual([
      "Silt Loads in the Second Canal",
      "Berth Tariffs for the 2024 Season",
      "Quays and Their Keepers",
    ]);
    const book = page.getByTestId("source-row").filter({ hasText: "Quays and Their Keepers" });
    expect(await book.locator(".bib-source-byline").textContent()).toBe("Ines Mendes·2019");
    expect(await form.getByLabel("Title").inputValue()).toBe("");
    await book.getByRole("button", { name: "Delete “Quays and Their Keepers”" }).click();
    await page
      .getByRole("dialog", { name: "Delete this source?" })
      .getByRole("button", { name: "Delete source" })
      .click();
    await poll(() => listedTitles(page)).toEqual([
      "Silt Loads in the Second Canal",
      "Berth Tariffs for the 2024 Season",
    ]);

    // Editing corrects the title and keeps what the form does not show (volume, issue, pages).
    await article.getByRole("button", { name: "Edit “Silt Loads in the Second Canal”" }).click();
    const edit = page.getByRole("dialog", { name: "Edit source" });
    expect(await edit.getByLabel("Authors").inputValue()).toBe("Okafor, Nneka\nSilva, Rui");
    await edit.getByLabel("Title").fill("Silt Loads in the Second and Third Canals");
    await shot(page, "sources-edit");
    await edit.getByRole("button", { name: "Save source" }).click();
    await poll(() => edit.count()).toBe(0);
    await poll(() => listedTitles(page)).toEqual([
      "Silt Loads in the Second and Third Canals",
      "Berth Tariffs for the 2024 Season",
    ]);
    const edited = (await lead.get(`/api/briefs/${brief.id}/sources`)).body.sources[0].csl;
    expect([edited.title, edited.volume, edited.issue, edited.DOI]).toEqual([
      "Silt Loads in the Second and Third Canals",
      "12",
      "3",
      "10.5555/jhs.2023.0312",
    ]);

    // A cited source stays, and the refusal says why.
    const tariffs = (await lead.get(`/api/briefs/${brief.id}/sources`)).body.sources[1];
    const citation = await lead.post(`/api/briefs/${brief.id}/citations`, { sourceId: tariffs.id, locator: "table 2" });
    expect(citation.status).toBe(201);
    await webPage.getByRole("button", { name: "Delete “Berth Tariffs for the 2024 Season”" }).click();
    await page
      .getByRole("dialog", { name: "Delete this source?" })
      .getByRole("button", { name: "Delete source" })
      .click();
    const cited = page.getByRole("dialog", { name: "This source is cited" });
    await poll(() => cited.getByRole("alert").textContent()).toBe(
      "“Berth Tariffs for the 2024 Season” cannot be deleted while a recommendation cites it. Remove those citations first, then delete it.",
    );
    await shot(page, "sources-delete-cited");
    await cited.getByRole("button", { name: "Close", exact: true }).click();
    expect(await listedTitles(page)).toEqual([
      "Silt Loads in the Second and Third Canals",
      "Berth Tariffs for the 2024 Season",
    ]);

    // The lead switches the style to APA in the brief's settings; reopened, the settings show it.
    const styles = await lead.get(`/api/citation-styles`);
    expect(styles.status).toBe(200);
    const apa = (styles.body.styles as Array<{ id: string; title: string }>).find((style) => style.id === "apa");
    if (!apa) throw new Error(`no APA among the bundled styles: ${JSON.stringify(styles.body.styles)}`);
    await page.getByRole("link", { name: "Harbour logistics", exact: true }).click();
    await page.getByRole("button", { name: "Edit brief" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit brief" });
    const styleSelect = dialog.getByLabel("Style of the notes and the bibliography");
    await poll(() => styleSelect.isEnabled()).toBe(true);
    // The house's own file: one that is no CSL is refused with the server's words; a real one is used at once.
    const upload = dialog.getByLabel("Upload a CSL file");
    await upload.setInputFiles({
      name: "notes.csl",
      mimeType: "application/xml",
      buffer: Buffer.from("<style>not closed"),
    });
    const uploadError = dialog.getByTestId("style-upload-error");
    await uploadError.waitFor();
    const notAStyle = await lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml: "<style>not closed" });
    expect([notAStyle.status, notAStyle.body.error.field]).toEqual([400, "xml"]);
    expect(await uploadError.textContent()).toBe(notAStyle.body.error.message.replace(/^xml: /, ""));
    await shot(page, "settings-style-refused");
    await upload.setInputFiles({
      name: "harbour-house.csl",
      mimeType: "application/xml",
      buffer: Buffer.from(HOUSE_STYLE),
    });
    await poll(() => styleSelect.inputValue()).toBe("custom");
    expect(await styleSelect.locator("option:checked").textContent()).toBe("Harbour House Style (your own CSL file)");
    expect(await uploadError.count()).toBe(0);
    await poll(async () => (await lead.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe("custom");
    await styleSelect.selectOption(apa.id);
    await shot(page, "settings-style");
    await dialog.getByRole("button", { name: "Save" }).click();
    await poll(() => dialog.count()).toBe(0);
    await poll(async () => (await lead.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe("apa");
    await page.getByRole("button", { name: "Edit brief" }).click();
    await poll(() => dialog.getByLabel("Style of the notes and the bibliography").inputValue()).toBe("apa");
    expect(
      await dialog.getByLabel("Style of the notes and the bibliography").locator("option:checked").textContent(),
    ).toBe(apa.title);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await shot(page, "dashboard");
    await page.getByRole("navigation", { name: "Brief" }).getByRole("link", { name: "Export" }).click();
    await poll(() => page.getByTestId("export-style").locator("strong").textContent()).toBe(apa.title);

    // A viewer reads the same list and the style, and is offered no way to add, edit or delete.
    const viewerPage = await open(viewer);
    await viewerPage.goto(`${base}/briefs/${brief.id}/sources`);
    await poll(() => listedTitles(viewerPage)).toEqual([
      "Silt Loads in the Second and Third Canals",
      "Berth Tariffs for the 2024 Season",
    ]);
    expect(await viewerPage.getByTestId("citation-style-name").textContent()).toBe(apa.title);
    expect(await viewerPage.getByRole("heading", { name: "Add sources" }).count()).toBe(0);
    expect(await viewerPage.getByRole("form", { name: "Paste BibTeX or RIS" }).count()).toBe(0);
    expect(await viewerPage.getByRole("form", { name: "Add source" }).count()).toBe(0);
    expect(await viewerPage.getByRole("button", { name: /^(Edit|Delete)/ }).count()).toBe(0);
    await shot(viewerPage, "sources-viewer");
  });
  it("the dashboard lists each sector's cited evidence, marks and counts the citations whose sources nobody chose", {
    timeout: 120_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    const base = server.url;
    const lead = await buildUser(base, "Lena Lead");
    const brief = await buildBrief(lead, "Harbour logistics");
    const sector = await buildSector(lead, brief.id, "Shipping");
    const recommendation = await buildRecommendation(
      lead,
      brief.id,
      sector.id,
      "Fund the dredging of the second canal",
    );
    await buildSector(lead, brief.id, "Cold Storage");
    const report = await server.store.createReport(brief.id, harbourReport(), lead.user!.id);
    const [marked, paged] = (await server.store.getReport(report.id))!.passages;
    if (!marked || !paged) throw new Error("the report's passages were not stored");

    const quoted = await lead.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id, quote: QUOTE });
    expect(quoted.status).toBe(201);
    const added = await lead.post(`/api/briefs/${brief.id}/sources`, {
      csl: {
        type: "book",
        title: "Quays and Their Keepers",
        author: [{ family: "Mendes", given: "Ines" }],
        issued: { "date-parts": [[2019]] },
      },
    });
    expect(added.status).toBe(201);
    const direct = await lead.post(`/api/briefs/${brief.id}/citations`, {
      sourceId: added.body.sources[0].id,
      locator: "p. 4",
    });
    expect(direct.status).toBe(201);

    // The body cites the quote, the page-sourced passage as an older body would (no citation id), and the book.
    const body = await openBody(lead, recommendation.id);
    const node = (attributes: Record<string, string>) => {
      const element = new Y.XmlElement("citation");
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      return element;
    };
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [
      new Y.XmlText("Dredge yearly"),
      node({ citationId: quoted.body.citation.id, evidenceId: marked.id }),
      new Y.XmlText(", pool cold storage"),
      node({ evidenceId: paged.id }),
      new Y.XmlText(", and read the keepers"),
      node({ citationId: direct.body.citation.id }),
      new Y.XmlText("."),
    ]);
    body.insert(0, [paragraph]);
    await eventually(
      async () => {
        const listed = await lead.get(`/api/briefs/${brief.id}/citations?sectorId=${sector.id}`);
        return listed.status === 200 && listed.body.citations.length === 3;
      },
      { timeoutMs: WAIT_MS },
    );

    const page = await open(lead);
    await page.goto(`${base}/briefs/${brief.id}`);
    await poll(() => page.getByTestId("progress-Shipping").getByTestId("unchosen-sources").textContent()).toBe(
      "1 with sources not chosen",
    );
    expect(await page.getByTestId("progress-Cold Storage").getByTestId("unchosen-sources").textContent()).toBe(
      "0 with sources not chosen",
    );
    expect(await page.getByTestId("progress-total").getByTestId("unchosen-sources").textContent()).toBe(
      "1 with sources not chosen",
    );

    // Folded by sector; opened with the keyboard.
    const shipping = page.getByTestId("cited-sector-Shipping");
    await shipping.locator("summary").focus();
    await page.keyboard.press("Enter");
    const citations = shipping.getByTestId("dashboard-citation");
    await poll(() => citations.count()).toBe(3);
    expect(await citations.nth(0).getByRole("link").first().textContent()).toBe(
      "Fund the dredging of the second canal",
    );
    expect(await citations.nth(0).locator("blockquote").textContent()).toBe("“silts up twice as fast”");
    expect(await citations.nth(0).getByRole("list", { name: "Sources" }).textContent()).toBe(
      "Note 1 Port of Valdora, “Soundings 2023,” https://example.org/soundings.",
    );
    expect(await citations.nth(0).getByTestId("dashboard-unchosen").count()).toBe(0);
    expect(await citations.nth(1).locator(".dash-cited-kind").textContent()).toBe("Whole passage");
    expect(await citations.nth(1).getByTestId("dashboard-unchosen").locator(".dash-unchosen-label").textContent()).toBe(
      "!Sources not chosen",
    );
    expect(await citations.nth(2).locator(".dash-cited-item-direct").textContent()).toBe(
      "Source cited directly · p. 4",
    );
    expect(await citations.nth(2).locator(".bib-source-compact").textContent()).toBe(
      "Ines Mendes, Quays and Their Keepers (2019)",
    );
    expect(await shipping.locator("summary").textContent()).toBe("Shipping3 citations1 with sources not chosen");
    await shot(page, "dashboard-cited-evidence");

    // The export page says so before any download, the note linking to its recommendation.
    await page.getByRole("navigation", { name: "Brief" }).getByRole("link", { name: "Export" }).click();
    await page.getByRole("checkbox", { name: "Draft" }).check();
    const warnings = page.getByTestId("export-source-warnings");
    await poll(() => warnings.getByRole("heading").textContent()).toBe("Sources not chosen (1)");
    const warning = warnings.getByRole("listitem");
    expect(await warning.count()).toBe(1);
    expect(await warning.getByRole("link").textContent()).toBe("Fund the dredging of the second canal");
    expect(await warning.locator(".export-meta").textContent()).toBe(", footnote 2");
    await shot(page, "export-source-warnings");
    await warning.getByRole("link").click();
    await page.waitForURL(`${base}/briefs/${brief.id}/recommendations/${recommendation.id}`);
  });

  it("another member's added, edited and deleted sources reach the open Sources page and the dashboard's cited evidence without a reload", {
    timeout: 120_000,
  }, async () => {
    if (!server) throw new Error("the server did not start");
    const base = server.url;
    const lead = await buildUser(base, "Lena Lead");
    const editor = await buildUser(base, "Eda Editor");
    const brief = await buildBrief(lead, "Harbour logistics");
    const sector = await buildSector(lead, brief.id, "Shipping");
    const recommendation = await buildRecommendation(
      lead,
      brief.id,
      sector.id,
      "Fund the dredging of the second canal",
    );
    await addMember(lead, editor, brief.id, "editor");

    // The lead's Sources page is open and live before anyone else changes anything.
    const page = await open(lead);
    await page.goto(`${base}/briefs/${brief.id}/sources`);
    await page.getByTestId("sources-empty").waitFor();
    await poll(() =>
      page
        .getByRole("status")
        .filter({ hasText: /^Live$/ })
        .count(),
    ).toBe(1);

    // The lead's house CSL file, uploaded from elsewhere: the page names it by its own title.
    const uploaded = await lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml: HOUSE_STYLE });
    expect(uploaded.status).toBe(200);
    await poll(() => page.getByTestId("citation-style-name").textContent()).toBe(
      "Harbour House Style (your own CSL file)",
    );

    // The editor adds two sources (no browser of theirs: the REST calls any client makes).
    const sourcesUrl = `/api/briefs/${brief.id}/sources`;
    const book = await editor.post(sourcesUrl, {
      csl: {
        type: "book",
        title: "Quays and Their Keepers",
        author: [{ family: "Mendes", given: "Ines" }],
        issued: { "date-parts": [[2019]] },
      },
    });
    expect(book.status).toBe(201);
    await expect
      .poll(() => listedTitles(page), {
        timeout: WAIT_MS,
        message:
          "source.updated reaches the open page only once EventHub emits it and useBriefSocket listens (listenForBibliographyEvents)",
      })
      .toEqual(["Quays and Their Keepers"]);
    const survey = await editor.post(sourcesUrl, {
      csl: { type: "webpage", title: "Cold Chain Survey", URL: "https://example.org/cold-chain" },
    });
    expect(survey.status).toBe(201);
    await poll(() => listedTitles(page)).toEqual(["Quays and Their Keepers", "Cold Chain Survey"]);
    expect(await page.getByRole("heading", { name: "Sources (2)" }).count()).toBe(1);
    await shot(page, "sources-live");

    // …corrects one and deletes the other: the lead's list follows, still without a reload.
    const bookId: string = book.body.sources[0].id;
    const corrected = await editor.patch(`${sourcesUrl}/${bookId}`, {
      csl: { ...book.body.sources[0].csl, title: "Quays, Locks and Their Keepers" },
    });
    expect(corrected.status).toBe(200);
    await poll(() => listedTitles(page)).toEqual(["Quays, Locks and Their Keepers", "Cold Chain Survey"]);
    expect((await editor.delete(`${sourcesUrl}/${survey.body.sources[0].id}`)).status).toBe(204);
    await poll(() => listedTitles(page)).toEqual(["Quays, Locks and Their Keepers"]);

    // The recommendation cites the book directly; the lead's dashboard names it, and renames it
    // when the editor corrects the title again.
    const direct = await editor.post(`/api/briefs/${brief.id}/citations`, { sourceId: bookId, locator: "p. 4" });
    expect(direct.status).toBe(201);
    const body = await openBody(editor, recommendation.id);
    const node = new Y.XmlElement("citation");
    node.setAttribute("citationId", direct.body.citation.id);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Read the keepers"), node, new Y.XmlText(".")]);
    body.insert(0, [paragraph]);
    await eventually(
      async () => {
        const listed = await lead.get(`/api/briefs/${brief.id}/citations?sectorId=${sector.id}`);
        return listed.status === 200 && listed.body.citations.length === 1;
      },
      { timeoutMs: WAIT_MS },
    );
    await page.getByRole("link", { name: "Harbour logistics", exact: true }).click();
    const shipping = page.getByTestId("cited-sector-Shipping");
    await shipping.locator("summary").click();
    const cited = shipping.getByTestId("dashboard-citation").locator(".bib-source-compact");
    await poll(() => cited.textContent()).toBe("Ines Mendes, Quays, Locks and Their Keepers (2019)");
    const renamed = await editor.patch(`${sourcesUrl}/${bookId}`, {
      csl: { ...corrected.body.source.csl, title: "Keepers of the Quays" },
    });
    expect(renamed.status).toBe(200);
    await poll(() => cited.textContent()).toBe("Ines Mendes, Keepers of the Quays (2019)");
  });
});
