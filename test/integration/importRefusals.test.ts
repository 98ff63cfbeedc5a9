import { describe, expect, it } from "vitest";
import { makePdf } from "../../packages/evidence/src/testing/makePdf.js";
import { minimalPdf } from "../../packages/evidence/src/testing/minimalFiles.js";
import { buildBrief, buildUser } from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";
import { evidenceCount, upload } from "./evidenceSupport.js";

/**
 * Issue 13's bad input, through the real server and its import worker: a PDF behind a password
 * and a scanned PDF (pages without a text layer) each answer 422 with words a lead can act on,
 * and leave the brief's reports and evidence exactly as they were.
 */
describe("PDFs Accord cannot read", () => {
  const server = useServer();

  it("an encrypted PDF and a scanned PDF answer 422 saying what to do, and nothing is stored", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    // A report already there, so that "unchanged" is about a list that is not empty.
    const first = await upload(lead, brief.id, {
      name: "notes.txt",
      bytes: new TextEncoder().encode("Introduction\n\nA short paragraph of our own.\n"),
    });
    expect(first.status).toBe(201);
    const listBefore = (await lead.get(`/api/briefs/${brief.id}/reports`)).body;
    const evidenceBefore = await evidenceCount(lead, brief.id);
    expect(evidenceBefore).toBeGreaterThan(0);

    const encrypted = await upload(lead, brief.id, {
      name: "secret.pdf",
      bytes: minimalPdf(2, { text: true, encrypted: true }),
      type: "application/pdf",
    });
    expect({ status: encrypted.status, error: encrypted.body?.error }).toEqual({
      status: 422,
      error: {
        code: "unprocessable",
        field: "file",
        message: "The PDF is protected by a password; remove the password and import it again.",
      },
    });

    const scanned = await upload(lead, brief.id, { name: "scan.pdf", bytes: minimalPdf(3), type: "application/pdf" });
    expect({ status: scanned.status, error: scanned.body?.error }).toEqual({
      status: 422,
      error: {
        code: "unprocessable",
        field: "file",
        message: "This PDF has no text layer: it is scanned. Run OCR first.",
      },
    });

    expect((await lead.get(`/api/briefs/${brief.id}/reports`)).body).toEqual(listBefore);
    expect(await evidenceCount(lead, brief.id)).toBe(evidenceBefore);
    // A PDF with text and no password imports: the refusals were about the files.
    const paragraph = (text: string) => ({ text, fontSize: 10, margin: [0, 0, 0, 8] });
    const pdf = await makePdf({
      content: [
        { text: "Ports and tariffs", fontSize: 18, margin: [0, 0, 0, 12] },
        paragraph(
          "Harbour fees fell by a third after the reform of the port authority, and the queue of ships at anchor shrank within a season.",
        ),
        paragraph(
          "Importers passed some of the saving on to shoppers, though most of it went to the shipping lines that had asked for the change.",
        ),
        { text: "Outlook", fontSize: 14, margin: [0, 8, 0, 4], pageBreak: "before" },
        paragraph(
          "The port expects traffic to grow by a tenth next year, if the new cranes arrive on time and the channel is dredged.",
        ),
      ],
    });
    const readable = await upload(lead, brief.id, { name: "readable.pdf", bytes: pdf, type: "application/pdf" });
    expect(readable.status).toBe(201);
  });
});
