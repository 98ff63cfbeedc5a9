import { BodyReader } from "@accord/editor";
import * as Y from "yjs";
import { SuggestionGuard, suggestionRulesOf } from "../../server/src/collab/SuggestionGuard.js";
import { type LoadResult, runLoad } from "./sync/loadGen.js";
import { startBenchServer } from "./sync/servers.js";
import { sleep, withTimeout } from "./sync/time.js";
import { YClient } from "./sync/yclient.js";

/**
 * Issue 18: what the suggestion guard (collab SPEC P16) costs a hot room. 50 clients × 10 edits/s
 * in one recommendation, all applying; 1 writer in 5 types into a paragraph of the body of its
 * own as suggested insertions (its own `suggestionInsert`, a new suggestion every ten edits). In the "reviewers" variant those ten are reviewers,
 * whose connections are suggest-only: every update of theirs is judged on the room's replica, and
 * every other accepted update is applied to that replica too. In the "editors" variant the same
 * ten are editors sending the very same kind of updates, unjudged. The rest type into the bench's
 * plain text, as in the sync bench's hot room. Rounds alternate the variants.
 */

export const SUGGEST_TARGET_EXTRA_P99_MS = 2;
const CLIENTS = 50;
const SUGGESTING = 10;

export interface SuggestBenchOptions {
  rounds: number;
  warmupMs: number;
  durationMs: number;
}

export interface SuggestBenchResult {
  options: SuggestBenchOptions;
  editors: LoadResult[];
  reviewers: LoadResult[];
  guard: GuardCost;
}

/** The guard's own time on the event loop, per update, for the same kind of stream in this process. */
export interface GuardCost {
  checks: number;
  checkP50Ms: number;
  checkP99Ms: number;
  checkMaxMs: number;
  accepted: number;
  acceptedP99Ms: number;
  /** Characters in each suggesting writer's paragraph at the end. */
  paragraphChars: number;
}

export async function runSuggestBench(options: SuggestBenchOptions): Promise<SuggestBenchResult> {
  const result: SuggestBenchResult = { options, editors: [], reviewers: [], guard: guardCost(options) };
  for (let round = 1; round <= options.rounds; round++) {
    for (const variant of ["editors", "reviewers"] as const) {
      console.log(`suggesting hot room, round ${round}: body writers are ${variant}…`);
      result[variant].push(await suggestingRoom(variant, options));
    }
  }
  return result;
}

async function suggestingRoom(variant: "editors" | "reviewers", options: SuggestBenchOptions): Promise<LoadResult> {
  const server = await startBenchServer("accord");
  try {
    const [docName] = await server.createDocs(1);
    const writers: Array<{ userId: string; cookie: string }> = [];
    for (let i = 0; i < SUGGESTING; i++)
      writers.push(
        await server.addMember!(
          variant === "editors" ? "editor" : "reviewer",
          `Suggester ${String.fromCharCode(65 + i)}`,
        ),
      );
    await seedParagraphs(server.endpoint(docName!));
    let next = 0;
    return await runLoad(server, {
      docs: [docName!],
      clientsPerDoc: CLIENTS,
      applyingPerDoc: CLIENTS,
      editingPerDoc: CLIENTS,
      editsPerSecond: 10,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      drainMs: 2_000,
      processes: 2,
      // Every fifth client, spread over both load processes.
      slotOf: (slot) => {
        if (slot.sender % (CLIENTS / SUGGESTING) !== 0) return slot;
        const paragraph = next++;
        const writer = writers[paragraph]!;
        return { ...slot, cookie: writer.cookie, suggest: { authorId: writer.userId, paragraph } };
      },
    });
  } finally {
    await server.stop("SIGTERM");
    server.cleanup();
  }
}

/** A paragraph of the body per suggesting writer, written by the lead and seen stored by a second client. */
async function seedParagraphs(endpoint: ReturnType<Awaited<ReturnType<typeof startBenchServer>>["endpoint"]>) {
  const writer = new YClient(endpoint, { applying: true });
  try {
    await withTimeout(writer.synced, 10_000, "the seeding client did not sync");
    const paragraphs = Array.from({ length: SUGGESTING }, (_, index) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`Suggestions of writer ${index + 1} follow: `)]);
      return paragraph;
    });
    writer.doc.getXmlFragment("default").insert(0, paragraphs);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      const reader = new YClient(endpoint, { applying: true });
      try {
        await withTimeout(reader.synced, 10_000, "the checking client did not sync");
        if (reader.doc.getXmlFragment("default").length === SUGGESTING) return;
      } finally {
        reader.close();
      }
      await sleep(100);
    }
    throw new Error("the seeded paragraphs were not stored");
  } finally {
    writer.close();
  }
}

/**
 * The same stream as the hot room's, without sockets: per 100 ms, each of the 10 suggesting
 * writers sends one suggested insertion into its paragraph (checked) and each of the 40 others one
 * plain edit (applied to the replica), for the warm-up and the measured time. What each check and
 * each replica application took is what the guard adds to that update's way to the store.
 */
export function guardCost(options: SuggestBenchOptions): GuardCost {
  const rules = suggestionRulesOf(new BodyReader().schema);
  const stored = new Y.Doc();
  stored.getXmlFragment("default").insert(
    0,
    Array.from({ length: SUGGESTING }, (_, index) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`Suggestions of writer ${index + 1} follow: `)]);
      return paragraph;
    }),
  );
  const guard = new SuggestionGuard({ rules, source: () => ({ doc: stored, queued: [] }) });
  const writers = Array.from({ length: SUGGESTING }, (_, index) => ({ doc: new Y.Doc(), authorId: `writer-${index}` }));
  const plain = Array.from({ length: CLIENTS - SUGGESTING }, () => new Y.Doc());
  const updateOf = (doc: Y.Doc, change: () => void): Uint8Array => {
    let update: Uint8Array | null = null;
    const keep = (bytes: Uint8Array) => {
      update = bytes;
    };
    doc.on("update", keep);
    change();
    doc.off("update", keep);
    return update!;
  };
  const checks: number[] = [];
  const accepted: number[] = [];
  const ticks = ((options.warmupMs + options.durationMs) / 1000) * 10;
  const measuredFrom = (options.warmupMs / 1000) * 10;
  for (let tick = 0; tick < ticks; tick++) {
    writers.forEach((writer, index) => {
      Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(stored, Y.encodeStateVector(writer.doc)));
      const text = (writer.doc.getXmlFragment("default").get(index) as Y.XmlElement).get(0) as Y.XmlText;
      const update = updateOf(writer.doc, () =>
        text.insert(text.length, `<${index}.${tick}.${process.hrtime.bigint()}>`, {
          suggestionInsert: { id: `bench-${index}-${Math.floor(tick / 10)}`, authorId: writer.authorId, createdAt: 1 },
        }),
      );
      const started = performance.now();
      const verdict = guard.check(update, writer.authorId);
      if (tick >= measuredFrom) checks.push(performance.now() - started);
      if (!verdict.ok) throw new Error(`the guard refused a suggestion: ${verdict.reason}`);
      Y.applyUpdate(stored, update);
    });
    for (const doc of plain) {
      const text = doc.getText("bench");
      const update = updateOf(doc, () => text.insert(text.length, `<x.${tick}.${process.hrtime.bigint()}>`));
      const started = performance.now();
      guard.accepted(update);
      if (tick >= measuredFrom) accepted.push(performance.now() - started);
      Y.applyUpdate(stored, update);
    }
  }
  const percentile = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
  return {
    checks: checks.length,
    checkP50Ms: percentile(checks, 0.5),
    checkP99Ms: percentile(checks, 0.99),
    checkMaxMs: Math.max(...checks),
    accepted: accepted.length,
    acceptedP99Ms: percentile(accepted, 0.99),
    paragraphChars: ((stored.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText).length,
  };
}
