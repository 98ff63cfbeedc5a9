import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { BENCH_TEXT, marker, MARKER, YClient, type Endpoint } from "./yclient.js";
import { sleep, withTimeout } from "./time.js";

/**
 * One load-generator process (forked by loadGen.ts). It opens its share of the connections,
 * reports "ready" once all synced, edits on "go" at a fixed rate — first for a warm-up that is
 * not measured, then for the measured time — then keeps receiving for a drain period and
 * reports what it measured. Bounded: every phase has a deadline, so a stuck server cannot
 * hang the bench.
 */

export interface Slot extends Endpoint {
  /** Unique across all processes of a run: receivers tell edits apart by it. */
  sender: number;
  applying: boolean;
  editing: boolean;
  /**
   * Types into the body's paragraph `paragraph`, marked as a suggested insertion by `authorId`
   * (a new suggestion every ten edits, as a typist's words), instead of into the bench's plain
   * text: the suggesting bench. Needs `applying`.
   */
  suggest?: { authorId: string; paragraph: number };
}

export interface InitMessage {
  type: "init";
  slots: Slot[];
  editsPerSecond: number;
  connectTimeoutMs: number;
}
export interface GoMessage {
  type: "go";
  /** Edits before the measured time, not counted (see LoadSpec.warmupMs). */
  warmupMs: number;
  /**
   * Where the measured time starts, on `process.hrtime.bigint()` (decimal string): the same
   * instant for every process, so that an edit is measured by its receivers exactly when its
   * sender counted it.
   */
  measureFrom: string;
  durationMs: number;
  drainMs: number;
}
export interface ClientReport {
  type: "result";
  /** Edits sent per document. */
  sentByDoc: Record<string, number>;
  /** Distinct remote edits applied, per document, summed over this process' applying clients. */
  receivedByDoc: Record<string, number>;
  /** Fan-out latencies (send → applied), ms, of measured edits applied before the drain ended. */
  latenciesMs: number[];
  /** The same for the warm-up's edits. */
  warmupLatenciesMs: number[];
  editingSeconds: number;
  /** Event-loop utilisation over the measured edit and drain phases (0–1). */
  elu: number;
  closedEarly: number;
}

const send = (message: unknown) => process.send!(message);

const clients: Array<{ slot: Slot; client: YClient; seen: Set<string> }> = [];
let editsPerSecond = 0;
/** Edits sent at or after this instant are measured; null before "go". */
let measureFrom: bigint | null = null;
let receiving = false;
const latencies: number[] = [];
const warmupLatencies: number[] = [];
const receivedByDoc: Record<string, number> = {};

process.on("message", (message: InitMessage | GoMessage | { type: "exit" }) => {
  if (message.type === "init") void init(message);
  else if (message.type === "go") void go(message);
  else if (message.type === "exit") {
    for (const { client } of clients) client.close();
    // Exit once every close handshake finished, or after 2 s for a server that never answers.
    void withTimeout(Promise.all(clients.map(({ client }) => client.closed)), 2_000, "close handshakes")
      .catch(() => undefined)
      .then(() => process.exit(0));
  }
});

async function init(message: InitMessage): Promise<void> {
  editsPerSecond = message.editsPerSecond;
  const deadline = Date.now() + message.connectTimeoutMs;
  // Connect in batches of 50, each synced before the next starts: thousands of simultaneous
  // upgrades would measure the server's accept backlog rather than its steady state.
  for (let i = 0; i < message.slots.length && Date.now() < deadline; i += 50) {
    const batch = message.slots.slice(i, i + 50).map(open);
    clients.push(...batch);
    await Promise.race([Promise.all(batch.map((c) => c.client.synced)), sleep(Math.max(0, deadline - Date.now()))]);
  }
  const synced = clients.filter((c) => c.client.isSynced).length;
  send({ type: "ready", ok: synced === message.slots.length, synced });
}

function open(slot: Slot): { slot: Slot; client: YClient; seen: Set<string> } {
  const seen = new Set<string>();
  // The markers travel as plain UTF-8 inside the update's string content, so scanning the
  // applied bytes finds them without computing a Y.Text delta per update (which cost more
  // client CPU than the server spent, and would have measured the clients).
  const onApplied = (update: Uint8Array) => {
    const now = process.hrtime.bigint();
    const raw = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString("latin1");
    for (const m of raw.matchAll(MARKER)) {
      if (Number(m[1]) === slot.sender) continue; // our own edit, echoed in a sync step 2
      const key = `${m[1]}.${m[2]}`;
      if (seen.has(key)) continue; // counted once per receiver
      seen.add(key);
      if (!receiving || measureFrom === null) continue;
      const sentAt = BigInt(m[3]!);
      const latencyMs = Number(now - sentAt) / 1e6;
      if (sentAt < measureFrom) {
        warmupLatencies.push(latencyMs);
        continue;
      }
      receivedByDoc[slot.docName] = (receivedByDoc[slot.docName] ?? 0) + 1;
      latencies.push(latencyMs);
    }
  };
  const client = new YClient(slot, { applying: slot.applying, onApplied });
  return { slot, client, seen };
}

/** The text of one of the body's paragraphs, which the suggesting bench's setup wrote. */
function bodyParagraph(doc: Y.Doc, index: number): Y.Text {
  const paragraph = doc.getXmlFragment("default").get(index);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) throw new Error("the suggesting bench needs a body paragraph to type into");
  return text;
}

async function go(message: GoMessage): Promise<void> {
  const sentByDoc: Record<string, number> = {};
  measureFrom = BigInt(message.measureFrom);
  receiving = true;
  const started = performance.now();
  const editingMs = message.warmupMs + message.durationMs;
  const period = 1000 / editsPerSecond;
  const timers: NodeJS.Timeout[] = [];
  for (const { slot, client } of clients) {
    if (!slot.editing || editsPerSecond <= 0) continue;
    const suggest = slot.suggest;
    const text = suggest === undefined ? client.doc.getText(BENCH_TEXT) : bodyParagraph(client.doc, suggest.paragraph);
    let seq = 0;
    // A random phase spreads the senders over the period, as independent typists would be.
    const start = setTimeout(() => {
      const tick = () => {
        if (performance.now() - started >= editingMs) return;
        // One instant for both: an edit counts as measured by its sender exactly when its receivers measure it.
        const sentAt = process.hrtime.bigint();
        const measured = sentAt >= measureFrom!;
        if (suggest === undefined) text.insert(text.length, marker(slot.sender, seq++, sentAt));
        else {
          const id = `bench-${slot.sender}-${Math.floor(seq / 10)}`;
          text.insert(text.length, marker(slot.sender, seq++, sentAt), {
            suggestionInsert: { id, authorId: suggest.authorId, createdAt: 1_700_000_000_000 },
          });
        }
        if (measured) sentByDoc[slot.docName] = (sentByDoc[slot.docName] ?? 0) + 1;
      };
      tick();
      timers.push(setInterval(tick, period));
    }, Math.random() * period);
    timers.push(start);
  }
  await sleep(message.warmupMs);
  const elu0 = performance.eventLoopUtilization();
  const measuredFrom = performance.now();
  await sleep(message.durationMs);
  for (const t of timers) clearInterval(t);
  const editingSeconds = (performance.now() - measuredFrom) / 1000;
  await sleep(message.drainMs);
  receiving = false;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const closedEarly = clients.filter((c) => c.client.ws.readyState !== c.client.ws.OPEN).length;
  const report: ClientReport = {
    type: "result",
    sentByDoc,
    receivedByDoc,
    latenciesMs: latencies,
    warmupLatenciesMs: warmupLatencies,
    editingSeconds,
    elu,
    closedEarly,
  };
  send(report);
}
