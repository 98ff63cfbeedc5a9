import { BodyReader } from "@accord/editor";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { startServer } from "../helpers/startServer.js";

export interface VersionBenchOptions {
  /** Words of the body: ~500 a page, so 25,000 is a 50-page recommendation. */
  words: number;
  /** Timed GETs of the version, after `warmup` untimed ones. */
  runs: number;
  warmup: number;
}

export interface VersionBenchResult {
  options: VersionBenchOptions;
  /** Words, citations and paragraphs actually in the body. */
  words: number;
  citations: number;
  paragraphs: number;
  /** The version's ProseMirror JSON, and the whole answer of GET …/versions/:id. */
  bodyBytes: number;
  responseBytes: number;
  /** POST …/versions {name}: reading the stored document, the JSON, the hash, the insert. */
  saveMs: number;
  /** The first GET of the version (untimed warm-up excluded from the percentiles). */
  firstOpenMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The aim (issue 18): a version of a 50-page recommendation opens in at most this long. */
export const VERSION_OPEN_TARGET_MS = 100;

/**
 * "A version of a 50-page recommendation opens in ≤ 100 ms": the real server (REST over HTTP,
 * SQLite on disk) with a body of ~25,000 words — headings, bold, italic and linked words, lists,
 * quotes and a citation every ~60 words — stored as its document, saved as a named version, and
 * `GET …/versions/:id` timed end to end from a client in the same process (fetch, answer read whole).
 */
export async function runVersionBench(options: VersionBenchOptions): Promise<VersionBenchResult> {
  // The server's close waits on worker threads it unrefs: outside vitest nothing else would keep
  // the process alive until they exit.
  const keepAlive = setInterval(() => {}, 60_000);
  const server = await startServer();
  try {
    const lead = await buildUser(server.url, "Bench Lead");
    const brief = await buildBrief(lead);
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    const base = `/api/briefs/${brief.id}/recommendations/${rec.id}`;

    const { body, words, citations, paragraphs } = longBody(options.words);
    // Stored as the document's log holds it (one update, as an import would): no room is open.
    const doc = prosemirrorJSONToYDoc(new BodyReader().schema, body, "default");
    await server.store.appendUpdates(rec.id, [Y.encodeStateAsUpdate(doc)]);
    doc.destroy();

    const saveStart = performance.now();
    const saved = await lead.post(`${base}/versions`, { name: "Fifty pages" });
    const saveMs = performance.now() - saveStart;
    if (saved.status !== 201) throw new Error(`saving the version failed: ${saved.status}`);
    const path = `${server.url}${base}/versions/${saved.body.version.id}`;
    const headers = { cookie: lead.cookie ?? "" };

    const open = async (): Promise<{ ms: number; bytes: number; text: string }> => {
      const start = performance.now();
      const response = await fetch(path, { headers });
      const text = await response.text();
      const ms = performance.now() - start;
      if (response.status !== 200) throw new Error(`opening the version failed: ${response.status}`);
      return { ms, bytes: Buffer.byteLength(text), text };
    };
    const first = await open();
    const answer = JSON.parse(first.text) as { body: unknown };
    for (let i = 0; i < options.warmup; i++) await open();
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) times.push((await open()).ms);
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    return {
      options,
      words,
      citations,
      paragraphs,
      bodyBytes: Buffer.byteLength(JSON.stringify(answer.body)),
      responseBytes: first.bytes,
      saveMs,
      firstOpenMs: first.ms,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: times.at(-1)!,
    };
  } finally {
    await server.close();
    clearInterval(keepAlive);
  }
}

const VOCABULARY = (
  "the corridor trade customs border tariff agreement ministry freight rail port energy grid " +
  "investment clearance review evidence report finding cost time share capacity emissions " +
  "partners region authority compliance transition funding phase survey build measure"
).split(" ");

/** A body of about `targetWords` words, built as the editor would store it. */
function longBody(targetWords: number) {
  const text = (value: string, marks?: object[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
  let words = 0;
  let citations = 0;
  let paragraphs = 0;
  let seed = 7;
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    words++;
    return VOCABULARY[seed % VOCABULARY.length]!;
  };
  const sentence = (n: number) =>
    Array.from({ length: n }, word)
      .join(" ")
      .replace(/^./, (c) => c.toUpperCase());
  // ~100 words: plain text, a bold phrase, an italic one, a link, and two citations.
  const paragraph = () => {
    paragraphs++;
    citations += 2;
    return {
      type: "paragraph",
      content: [
        text(`${sentence(30)}, `),
        text(sentence(4).toLowerCase(), [{ type: "bold" }]),
        text(` ${sentence(20).toLowerCase()} `),
        text(sentence(3).toLowerCase(), [{ type: "italic" }]),
        text("."),
        { type: "citation", attrs: { citationId: `cit-${citations}` } },
        text(` ${sentence(25)} `),
        text(sentence(3).toLowerCase(), [{ type: "link", attrs: { href: "https://example.org/report" } }]),
        text(` ${sentence(15).toLowerCase()}.`),
        { type: "citation", attrs: { citationId: `cit-${citations + 1}` } },
      ],
    };
  };
  const content: object[] = [];
  for (let section = 1; words < targetWords; section++) {
    content.push({ type: "heading", attrs: { level: 2 }, content: [text(`Section ${section}: ${sentence(4)}`)] });
    for (let i = 0; i < 4 && words < targetWords; i++) content.push(paragraph());
    content.push({
      type: "bulletList",
      content: [1, 2, 3].map(() => ({
        type: "listItem",
        content: [{ type: "paragraph", content: [text(sentence(12))] }],
      })),
    });
    content.push({ type: "blockquote", content: [{ type: "paragraph", content: [text(sentence(20))] }] });
  }
  return { body: { type: "doc", content }, words, citations, paragraphs };
}
