import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { buildBrief, buildUser, type ApiClient } from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";
import { docxBomb } from "../reliability/attacks/docx.js";
import { markdownAttacks } from "../reliability/attacks/markdown.js";
import { pdfOfPages } from "../reliability/attacks/pdf.js";
import { reportCount, upload } from "./evidenceSupport.js";

/**
 * Imports are bounded and off the event loop (server/src/imports/ImportPool.ts, I1–I4): the
 * review's payloads, against the real server, answer a named refusal or import quickly, while
 * /api/health keeps answering within 200 ms.
 */

const HEALTH_LIMIT_MS = 200;
const text = (value: string) => new TextEncoder().encode(value);
const SMALL_REPORT = text("Introduction\n\nA short paragraph of our own, about tariffs and ports.\n");

/** Runs `action` while probing /api/health; answers its result and the slowest probe. */
async function whileProbingHealth<T>(
  baseUrl: string,
  action: () => Promise<T>,
): Promise<{ result: T; slowestHealthMs: number; probes: number }> {
  let done = false;
  let slowest = 0;
  let probes = 0;
  const probing = (async () => {
    while (!done) {
      const start = performance.now();
      const response = await fetch(`${baseUrl}/api/health`);
      await response.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - start);
      probes++;
      // A probe every 25 ms, as a monitor would: back to back, the probes themselves would
      // keep the event loop they measure busy.
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  try {
    return { result: await action(), slowestHealthMs: slowest, probes };
  } finally {
    done = true;
    await probing;
  }
}

function refusal(res: { status: number; body: any }) {
  return { status: res.status, code: res.body?.error?.code, field: res.body?.error?.field };
}

describe("imports: limits answered with 413/422, health responsive throughout", () => {
  const server = useServer();

  async function lead(): Promise<{ lead: ApiClient; briefId: string }> {
    const client = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(client);
    return { lead: client, briefId: brief.id };
  }

  it("[I4] a PDF of 10,000 pages answers 413 naming the page limit, before reading its pages", async () => {
    const { lead: client, briefId } = await lead();
    const pdf = pdfOfPages(10_000);
    const { result, slowestHealthMs, probes } = await whileProbingHealth(server().url, () =>
      upload(client, briefId, { name: "pages.pdf", bytes: pdf }),
    );
    expect(refusal(result)).toEqual({ status: 413, code: "too_large", field: "file" });
    expect(result.body.error.message).toBe("The PDF has 10,000 pages; a report may have at most 2,000.");
    expect(probes).toBeGreaterThan(0);
    expect(slowestHealthMs).toBeLessThanOrEqual(HEALTH_LIMIT_MS);
    expect(await reportCount(client, briefId)).toBe(0);
  });

  it("[I4] a .docx inflating to 1 GiB answers 413 from its zip directory, and the server's memory stays put", async () => {
    const { lead: client, briefId } = await lead();
    const bomb = await docxBomb({ inflatedBytes: 1024 ** 3 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    // The pool's worker is running before the baseline is taken: its start is not the bomb's doing.
    expect((await upload(client, briefId, { name: "notes.txt", bytes: SMALL_REPORT })).status).toBe(201);
    const before = process.memoryUsage().rss;
    const res = await upload(client, briefId, { name: "bomb.docx", bytes: bomb });
    const grewBy = process.memoryUsage().rss - before;
    expect(refusal(res)).toEqual({ status: 413, code: "too_large", field: "file" });
    expect(res.body.error.message).toBe(
      "The Word document inflates to more than 100 MB; a Word file may inflate to at most that.",
    );
    expect(grewBy).toBeLessThan(50 * 1024 * 1024);
    expect(await reportCount(client, briefId)).toBe(1);
  });

  it("[I4] a .docx whose zip directory understates what it inflates to is caught while inflating (413)", async () => {
    const { lead: client, briefId } = await lead();
    const liar = await docxBomb({ inflatedBytes: 300 * 1024 ** 2, declaredSize: 3000 });
    const res = await upload(client, briefId, { name: "liar.docx", bytes: liar });
    expect(refusal(res)).toEqual({ status: 413, code: "too_large", field: "file" });
    expect(res.body.error.message).toBe(
      "The Word document inflates to more than its zip directory declares; it was refused unread.",
    );
    expect(await reportCount(client, briefId)).toBe(0);
  });

  it("a paragraph of `![` × 40,000 (80 KB) imports in moments, with health answering throughout", async () => {
    const { lead: client, briefId } = await lead();
    const started = performance.now();
    const { result, slowestHealthMs } = await whileProbingHealth(server().url, () =>
      upload(client, briefId, { name: "images.md", bytes: text(markdownAttacks["a paragraph of `![` × 40,000"]()) }),
    );
    expect(result.status).toBe(201);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(slowestHealthMs).toBeLessThanOrEqual(HEALTH_LIMIT_MS);
  });

  it("a PDF with no text layer answers 422 naming `file`", async () => {
    const { lead: client, briefId } = await lead();
    const scan = await upload(client, briefId, { name: "scan.pdf", bytes: pdfOfPages(3) });
    expect(refusal(scan)).toEqual({ status: 422, code: "unprocessable", field: "file" });
    expect(scan.body.error.message).toBe("This PDF has no text layer: it is scanned. Run OCR first.");
    expect(await reportCount(client, briefId)).toBe(0);
  });

  it("one import per brief: a second one while the first is read answers 409 import_in_progress", async () => {
    const { lead: client, briefId } = await lead();
    const pdf = pdfOfPages(300, { lineOnEachPage: true });
    const answers = await Promise.all([
      upload(client, briefId, { name: "first.pdf", bytes: pdf }),
      upload(client, briefId, { name: "second.pdf", bytes: pdf }),
    ]);
    expect(answers.map(refusal).sort((a, b) => a.status - b.status)).toEqual([
      { status: 201, code: undefined, field: undefined },
      { status: 409, code: "import_in_progress", field: "file" },
    ]);
    expect(await reportCount(client, briefId)).toBe(1);
    // Once the first is stored, the brief takes imports again.
    expect((await upload(client, briefId, { name: "third.txt", bytes: SMALL_REPORT })).status).toBe(201);
  });
});

describe("imports: the worker's time budget", () => {
  // A budget far below what reading ~2,000 pages takes anywhere (about a second here), and far
  // above what the small text import after it needs: the test must not depend on the machine's speed.
  const server = useServer({ importTimeoutMs: 100 });

  it("[I1] an import past its time budget answers 422; its worker is replaced and the next import works", async () => {
    const client = await buildUser(server().url, "Tim Timeout");
    const brief = await buildBrief(client);
    const slow = pdfOfPages(1_999, { lineOnEachPage: true });
    const { result, slowestHealthMs } = await whileProbingHealth(server().url, () =>
      upload(client, brief.id, { name: "long.pdf", bytes: slow }),
    );
    expect(refusal(result)).toEqual({ status: 422, code: "unprocessable", field: "file" });
    expect(result.body.error.message).toBe("Reading the file took longer than 0.1 s, the most one import may take.");
    expect(slowestHealthMs).toBeLessThanOrEqual(HEALTH_LIMIT_MS);
    const next = await upload(client, brief.id, { name: "notes.txt", bytes: SMALL_REPORT });
    expect(next.status).toBe(201);
    expect(await reportCount(client, brief.id)).toBe(1);
  });
});

describe("imports: the worker's heap budget", () => {
  const server = useServer({ importMaxHeapMb: 96 });

  it("[I2] an import past the worker's heap answers 413; the next import works", async () => {
    const client = await buildUser(server().url, "Mia Memory");
    const brief = await buildBrief(client);
    // 90 MB of text in one paragraph: under the inflated-size limit, over a 96 MB heap once parsed.
    const big = await docxBomb({ inflatedBytes: 90 * 1024 ** 2 });
    const res = await upload(client, brief.id, { name: "big.docx", bytes: big });
    expect(refusal(res)).toEqual({ status: 413, code: "too_large", field: "file" });
    expect(res.body.error.message).toBe(
      "Reading the file needed more than 96 MB of memory, the most one import may use.",
    );
    expect((await upload(client, brief.id, { name: "notes.txt", bytes: SMALL_REPORT })).status).toBe(201);
  });
});

describe("imports: the queue", () => {
  const server = useServer({ importMaxQueued: 1 });

  it("[I3] past the queue, imports answer 503 busy with Retry-After", async () => {
    const client = await buildUser(server().url, "Quin Queue");
    const briefs = await Promise.all([buildBrief(client), buildBrief(client), buildBrief(client)]);
    // The worker is warm, so the first import to arrive runs at once and the second waits.
    expect((await upload(client, briefs[0]!.id, { name: "notes.txt", bytes: SMALL_REPORT })).status).toBe(201);
    // Long enough to read (about a second) that all three have arrived before the first is done.
    const pdf = pdfOfPages(1_500, { lineOnEachPage: true });
    const answers = await Promise.all(
      briefs.map((brief, i) => upload(client, brief.id, { name: `report-${i}.pdf`, bytes: pdf })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, 201, 503]);
    const busy = answers.find((res) => res.status === 503)!;
    expect(refusal(busy)).toEqual({ status: 503, code: "busy", field: "file" });
    expect(busy.headers.get("retry-after")).toBe("5");
  });
});
