import { describe, expect, it } from "vitest";
import {
  addMember,
  type ApiClient,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  type ApiResponse,
} from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";
import { citationTeam, GIGAWATTS, MARKED_TEXT } from "./citations14Support.js";
import { upload } from "./evidenceSupport.js";

/**
 * Issue 15, "messages for people": the refusals written by hand (not by a schema) say in a
 * whole sentence what is wrong, naming the field in words; the API's status and `field` stay
 * as they were. Real server on port 0, real SQLite, every path driven through the REST API.
 */

/** Every message these tests saw, checked at the end for a raw field prefix ("quote: …"). */
const seen: string[] = [];

function refusal(res: ApiResponse): { status: number; field: string | undefined; message: string } {
  const message = res.body?.error?.message as string;
  seen.push(message);
  return { status: res.status, field: res.body?.error?.field, message };
}

/** A multipart form of the import route, sent as a browser would, with any parts. */
async function form(
  client: ApiClient,
  briefId: string,
  parts: Array<[string, string | { name: string; bytes: Uint8Array }]>,
): Promise<ApiResponse> {
  const body = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === "string") body.append(name, value);
    else body.append(name, new Blob([value.bytes.slice()], { type: "text/plain" }), value.name);
  }
  const response = await fetch(`${client.baseUrl}/api/briefs/${briefId}/reports`, {
    method: "POST",
    headers: { cookie: client.cookie! },
    body,
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

const text = (value: string) => new TextEncoder().encode(value);

describe("hand-written refusals in plain words", () => {
  const server = useServer();

  it("citations: the quote, the passage, the footnotes, the sources and the locator", async () => {
    const { lead, editor, brief, marked, paged } = await citationTeam(server());
    const elsewhere = await buildBrief(lead, "Elsewhere");
    const foreignSource = (
      await lead.post(`/api/briefs/${elsewhere.id}/sources`, { csl: { type: "book", title: "Theirs" } })
    ).body.sources[0].id;
    const mine = (await editor.post(`/api/briefs/${brief.id}/sources`, { csl: { type: "book", title: "Ours" } })).body
      .sources[0].id;
    const quote = (words: string, start: number, end: number) => ({
      evidenceId: marked.id,
      quote: { text: words, start, end },
    });
    const cite = (body: unknown) => editor.post(`/api/briefs/${brief.id}/citations`, body);

    expect(refusal(await cite(quote("", GIGAWATTS.end, GIGAWATTS.start)))).toEqual({
      status: 400,
      field: "quote",
      message: "The quoted text is empty or runs backwards: select the words to quote again.",
    });
    expect(refusal(await cite(quote("years.", MARKED_TEXT.length - 6, MARKED_TEXT.length + 1)))).toEqual({
      status: 400,
      field: "quote",
      message: "The quoted text reaches outside the passage: select words within it.",
    });
    expect(refusal(await cite(quote("7 gigawatt", GIGAWATTS.start, GIGAWATTS.end)))).toEqual({
      status: 400,
      field: "quote",
      message: "The quoted text no longer matches the passage: select the words to quote again.",
    });
    expect(refusal(await cite({ evidenceId: "no-such-passage" }))).toEqual({
      status: 400,
      field: "evidenceId",
      message: "The passage is not part of this brief.",
    });
    expect(refusal(await cite({ evidenceId: marked.id, notes: [1, 9] }))).toEqual({
      status: 400,
      field: "notes",
      message: "The chosen footnotes include footnote 9, which the report does not have.",
    });
    expect(refusal(await cite({ evidenceId: paged.id, sourceIds: [foreignSource] }))).toEqual({
      status: 400,
      field: "sourceIds",
      message: "The chosen sources include one that is not a source of this brief.",
    });
    expect(refusal(await cite({ sourceId: foreignSource }))).toEqual({
      status: 400,
      field: "sourceId",
      message: "The source is not a source of this brief.",
    });

    const onPassage = (await cite({ evidenceId: marked.id, quote: GIGAWATTS })).body.citation;
    const direct = (await cite({ sourceId: mine })).body.citation;
    expect(
      refusal(await editor.patch(`/api/briefs/${brief.id}/citations/${onPassage.id}`, { locator: "p. 4" })),
    ).toEqual({
      status: 400,
      field: "locator",
      message: "The page or locator can be set only on a citation that points at a source directly.",
    });
    expect(refusal(await editor.patch(`/api/briefs/${brief.id}/citations/${direct.id}`, { notes: [1] }))).toEqual({
      status: 400,
      field: "notes",
      message: "This citation points at a source directly, so it has no report footnotes to choose.",
    });
    // The list of citations asks for one thing at a time.
    expect(refusal(await editor.get(`/api/briefs/${brief.id}/citations?recommendationId=a&sectorId=b`))).toEqual({
      status: 400,
      field: "sectorId",
      message: "Ask for one thing: a list of citation ids, a recommendation or a sector.",
    });
  });

  it("citation styles: an unknown style (its name bounded), custom before an upload, an empty or wrong style file", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    expect(refusal(await lead.patch(`/api/briefs/${brief.id}`, { citationStyle: "custom" }))).toEqual({
      status: 400,
      field: "citationStyle",
      message: "Upload a CSL style file before choosing your own citation style.",
    });
    expect(refusal(await lead.patch(`/api/briefs/${brief.id}`, { citationStyle: "house-style" }))).toEqual({
      status: 400,
      field: "citationStyle",
      message: "The citation style “house-style” is not one this server offers: choose one from the list.",
    });
    // A long name is cut at 100 characters, not echoed whole.
    const long = refusal(await lead.patch(`/api/briefs/${brief.id}`, { citationStyle: "z".repeat(150) }));
    expect(long).toEqual({
      status: 400,
      field: "citationStyle",
      message: `The citation style “${"z".repeat(99)}…” is not one this server offers: choose one from the list.`,
    });

    const put = (xml: string) => lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml });
    expect(refusal(await put("   "))).toEqual({
      status: 400,
      field: "xml",
      message: "The style file is empty: choose a CSL style file.",
    });
    expect(refusal(await put("<house/>"))).toEqual({
      status: 400,
      field: "xml",
      message: "The style file is not a CSL style Accord can use. The root element is <house>, not a CSL <style>.",
    });
  });

  it("sources: a missing or wrong CSL item names its field in words; an empty or unreadable paste says so", async () => {
    const { editor, brief } = await citationTeam(server());
    const add = (body: unknown) => editor.post(`/api/briefs/${brief.id}/sources`, body);
    expect(refusal(await add({ csl: null }))).toEqual({
      status: 400,
      field: "csl",
      message: "Enter the source's details.",
    });
    expect(refusal(await add({ csl: "a book" }))).toEqual({
      status: 400,
      field: "csl",
      message: "The source must be a set of fields, such as a type and a title.",
    });
    expect(refusal(await add({ csl: { type: "book" } }))).toEqual({
      status: 400,
      field: "csl.title",
      message: "Enter the source's title.",
    });
    expect(refusal(await add({ csl: { type: "book", title: "T", URL: "ftp://example.org/t" } }))).toEqual({
      status: 400,
      field: "csl.URL",
      message: "The source's web address must be an http(s) address.",
    });
    expect(refusal(await add({ csl: { type: "book", title: "T", author: ["Ada Lovelace"] } }))).toEqual({
      status: 400,
      field: "csl.author[0]",
      message: "Author 1 must have a family name (and a given name) or a full name.",
    });
    expect(refusal(await add({ csl: { type: "book", title: "T", issued: "2024" } }))).toEqual({
      status: 400,
      field: "csl.issued",
      message: 'The source\'s date must be a date, written like {"date-parts": [[2024, 5, 31]]}.',
    });
    expect(refusal(await add({ csl: { type: "book", title: "T", author: [{ family: 7 }] } }))).toEqual({
      status: 400,
      field: "csl.author[0].family",
      message: "The family name of author 1 must be a string.",
    });
    expect(refusal(await add({ csl: { type: "book", title: "T", issued: { "date-parts": [[2024, 13]] } } }))).toEqual({
      status: 400,
      field: "csl.issued",
      message: "In the source's date, the month must be 1 to 12.",
    });
    expect(refusal(await add({ bibtex: "  \n " }))).toEqual({
      status: 400,
      field: "bibtex",
      message: "The BibTeX text is empty: paste the entries to add.",
    });
    expect(refusal(await add({ ris: "hello" }))).toEqual({
      status: 400,
      field: "ris",
      message: 'The RIS text could not be read. Line 1 is not RIS: expected a tag line such as "TY  - JOUR".',
    });
    expect(
      refusal(await add({ bibtex: "@book{doi:10.1000/k1,\n  author = {Okafor, Ngozi},\n  year = {2021}\n}" })),
    ).toEqual({
      status: 400,
      field: "bibtex",
      message: 'The BibTeX text could not be read. In entry "doi:10.1000/k1", enter the source\'s title.',
    });
    expect(refusal(await add({ ris: "TY  - BOOK\nTI  - Storage\nUR  - ftp://example.org/storage\nER  - \n" }))).toEqual(
      {
        status: 400,
        field: "ris",
        message:
          "The RIS text could not be read. In record 1 (line 1), the source's web address must be an http(s) address.",
      },
    );
    expect(refusal(await add({ bibtex: "just words" }))).toEqual({
      status: 400,
      field: "bibtex",
      message: "The BibTeX text could not be read. No BibTeX entries found (an entry starts like @article{key, …}).",
    });
  });

  it("report imports: multer's and the importer's refusals become sentences", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    const choose = { status: 400, field: "file", message: "Choose a file to import." };
    expect(refusal(await lead.request("POST", `/api/briefs/${brief.id}/reports`))).toEqual(choose);
    expect(refusal(await form(lead, brief.id, [["copy", "true"]]))).toEqual(choose);
    expect(
      refusal(await form(lead, brief.id, [["upload", { name: "notes.txt", bytes: text("Grid notes.") }]])),
    ).toEqual({
      status: 400,
      field: "file",
      message: "Send the report in the form field named “file”; the form held a file under another name.",
    });
    const two = { name: "notes.txt", bytes: text("Grid notes.") };
    expect(
      refusal(
        await form(lead, brief.id, [
          ["file", two],
          ["file", two],
        ]),
      ),
    ).toEqual({
      status: 400,
      field: "file",
      message: "Send one file at a time: an import takes a single file.",
    });
    const fields = Array.from({ length: 11 }, (_, i): [string, string] => [`f${i}`, "x"]);
    expect(refusal(await form(lead, brief.id, fields))).toEqual({
      status: 400,
      field: "file",
      message: "The form has more than 10 fields besides the file.",
    });
    // UPLOAD_FORM_LIMITS: a field's name past 100 bytes and its value past 1 MB are refused, and said so.
    expect(refusal(await form(lead, brief.id, [["n".repeat(101), "x"]]))).toEqual({
      status: 400,
      field: "file",
      message: "A field of the form has a name longer than 100 bytes.",
    });
    expect(refusal(await form(lead, brief.id, [["copy", "x".repeat(1024 * 1024 + 1)]]))).toEqual({
      status: 400,
      field: "file",
      message: "A field of the form is longer than 1 MB.",
    });
    const broken = await lead.request(
      "POST",
      `/api/briefs/${brief.id}/reports`,
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunfinished',
      {
        "content-type": "multipart/form-data; boundary=xyz",
      },
    );
    expect(refusal(broken)).toEqual({
      status: 400,
      field: "file",
      message: "The upload is not a form the server can read: choose the file again.",
    });
    expect(refusal(await upload(lead, brief.id, { name: "empty.txt", bytes: new Uint8Array(0) }))).toEqual({
      status: 400,
      field: "file",
      message: '"empty.txt" is empty.',
    });
  });

  it("exports, recommendations and threads: an unknown sector, an owner who is not a member, an anchor on no text", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const outsider = await buildUser(server().url, "Otto Outsider");
    const reviewer = await buildUser(server().url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, reviewer, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id, "Energy");
    const elsewhere = await buildBrief(lead, "Elsewhere");
    const foreignSector = await buildSector(lead, elsewhere.id, "Farming");

    expect(
      refusal(await lead.get(`/api/briefs/${brief.id}/export/preview?sectorIds=${sector.id},${foreignSector.id}`)),
    ).toEqual({
      status: 400,
      field: "sectorIds",
      message: "The sectors include one that is not a sector of this brief.",
    });
    expect(
      refusal(
        await lead.post(`/api/briefs/${brief.id}/recommendations`, { sectorId: foreignSector.id, title: "Grid links" }),
      ),
    ).toEqual({
      status: 400,
      field: "sectorId",
      message: "The sector is not one of this brief's sectors.",
    });
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    expect(
      refusal(await lead.patch(`/api/briefs/${brief.id}/recommendations/${rec.id}`, { ownerId: outsider.user!.id })),
    ).toEqual({
      status: 400,
      field: "ownerId",
      message: "The owner must be a member of the brief.",
    });
    const foreign = {
      from: { item: { client: 424242, clock: 0 }, assoc: 0 },
      to: { item: { client: 424242, clock: 3 }, assoc: -1 },
    };
    expect(
      refusal(
        await reviewer.post(`/api/briefs/${brief.id}/recommendations/${rec.id}/threads`, {
          anchor: foreign,
          quote: "grid",
          body: "Which source?",
        }),
      ),
    ).toEqual({
      status: 400,
      field: "anchor",
      message: "The selected text is no longer in this recommendation's text: select the text to comment on again.",
    });
  });
});

describe("an upload over the setting's limit", () => {
  const server = useServer({ maxUploadBytes: 4096 });

  it("says the limit from the setting (413, file)", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    expect(refusal(await upload(lead, brief.id, { name: "notes.txt", bytes: text("x".repeat(5000)) }))).toEqual({
      status: 413,
      field: "file",
      message: "The file is larger than the 4 KB limit.",
    });
  });
});

describe("every message above", () => {
  it("is a sentence, not a raw field name and a colon", () => {
    expect(seen.length).toBe(42);
    for (const message of seen) {
      expect(message).not.toMatch(/^[a-zA-Z.[\]0-9]+: /);
      expect(message).toMatch(/^[A-Z“"]/);
      expect(message).toMatch(/[.!?]$/);
    }
  });
});
