import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import * as Y from "yjs";
import { BENCH_TEXT } from "./yclient.js";

/**
 * The editing traces of ../shared/traces (format in its README), turned into what the replay
 * clients send: one Yjs update per transaction, made offline by a Y.Doc per agent that holds
 * exactly the version the agent saw (the transaction's parents), so that the trace's positions
 * apply. Live, an agent sends a transaction only once its client has received every other
 * agent's transaction among those parents, as a person types only on what they have seen.
 */

const TRACES = path.resolve(import.meta.dirname, "../../../../shared/traces");

type Patch = [number, number, string];
interface SequentialFile {
  endContent: string;
  txns: Array<{ patches: Patch[] }>;
}
interface ConcurrentFile {
  kind: "concurrent";
  endContent: string;
  numAgents: number;
  txns: Array<{ parents: number[]; agent: number; patches: Patch[] }>;
}

export function readTrace<T = SequentialFile | ConcurrentFile>(name: string): T {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(TRACES, `${name}.json.gz`))).toString("utf8")) as T;
}

/** How a client can tell that another agent's transaction has reached it. */
export type Receipt =
  | { kind: "insert"; client: number; clock: number }
  /** A transaction that only deletes advances no clock: one item it deleted shows it. */
  | { kind: "delete"; client: number; clock: number };

export interface ReplayTxn {
  agent: number;
  update: Uint8Array;
  receipt: Receipt;
  /** Other agents' transactions this one's parents hold that the agent had not seen before. */
  waitFor: number[];
}

export interface PreparedTrace {
  name: string;
  agents: number;
  concurrent: boolean;
  txns: ReplayTxn[];
  /** The text every client must end with: the trace's endContent, or the prefix's merged text. */
  expected: string;
  /** false when only a prefix of the trace is replayed (a debug option). */
  whole: boolean;
}

/** Agents write with these Yjs client ids, far from the random ids of live clients. */
const AGENT_CLIENT_ID = (agent: number) => 0x7fff0000 + agent;

/**
 * Prepares `name` for replay: a sequential trace is one agent whose every transaction has the
 * previous one as parent. `prefix` replays only that many transactions (small checks).
 */
export function prepareTrace(name: string, prefix?: number): PreparedTrace {
  const file = readTrace(name);
  const concurrent = "kind" in file && file.kind === "concurrent";
  const all = concurrent
    ? (file as ConcurrentFile).txns
    : (file as SequentialFile).txns.map((t, i) => ({ parents: i ? [i - 1] : [], agent: 0, patches: t.patches }));
  const txns = prefix === undefined ? all : all.slice(0, prefix);
  const agents = concurrent ? (file as ConcurrentFile).numAgents : 1;
  const docs = Array.from({ length: agents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = AGENT_CLIENT_ID(agent);
    return doc;
  });
  const seen = Array.from({ length: agents }, () => new Uint8Array(txns.length));
  const prepared: ReplayTxn[] = [];
  for (let t = 0; t < txns.length; t++) {
    const { agent, parents, patches } = txns[t]!;
    const doc = docs[agent]!;
    // Bring the agent's doc to the version of `parents`: apply every transaction of their
    // history it has not seen yet. Its own are always seen (each agent's are totally ordered).
    const missing: number[] = [];
    for (const stack = [...parents]; stack.length; ) {
      const i = stack.pop()!;
      if (seen[agent]![i]) continue;
      seen[agent]![i] = 1;
      missing.push(i);
      stack.push(...txns[i]!.parents);
    }
    missing.sort((a, b) => a - b);
    for (const i of missing) Y.applyUpdate(doc, prepared[i]!.update);
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    doc.on("update", capture);
    const text = doc.getText(BENCH_TEXT);
    const before = Y.getState(doc.store, doc.clientID);
    let deleted: { client: number; clock: number } | null = null;
    doc.transact(() => {
      for (const [pos, del, ins] of patches) {
        if (pos + del > text.length)
          throw new Error(
            `${name}: transaction ${t} edits past the end of agent ${agent}'s text (the replay preparation is wrong)`,
          );
        if (del > 0) {
          deleted ??= firstItemAt(text, pos);
          text.delete(pos, del);
        }
        if (ins) text.insert(pos, ins);
      }
    });
    doc.off("update", capture);
    seen[agent]![t] = 1;
    if (!update) throw new Error(`${name}: transaction ${t} changed nothing`);
    const after = Y.getState(doc.store, doc.clientID);
    const receipt: Receipt =
      after > before ? { kind: "insert", client: doc.clientID, clock: after - 1 } : { kind: "delete", ...deleted! };
    prepared.push({ agent, update, receipt, waitFor: missing.filter((i) => txns[i]!.agent !== agent) });
  }
  const merged = new Y.Doc();
  for (const t of prepared) Y.applyUpdate(merged, t.update);
  const expected = merged.getText(BENCH_TEXT).toString();
  const whole = txns.length === all.length;
  if (whole && expected !== file.endContent)
    throw new Error(
      `${name}: the prepared updates merge to a text other than the trace's endContent (the replay preparation is wrong)`,
    );
  for (const doc of [...docs, merged]) doc.destroy();
  return { name, agents, concurrent, txns: prepared, expected, whole };
}

/** The id of the character at `pos` (before the edit deletes it). */
function firstItemAt(text: Y.Text, pos: number): { client: number; clock: number } {
  let index = 0;
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !item.countable) continue;
    if (pos < index + item.length) return { client: item.id.client, clock: item.id.clock + (pos - index) };
    index += item.length;
  }
  throw new Error(`no character at ${pos}`);
}

/** Whether `doc` has received the transaction with this receipt. */
export function hasReceived(doc: Y.Doc, receipt: Receipt): boolean {
  if (Y.getState(doc.store, receipt.client) <= receipt.clock) return false;
  if (receipt.kind === "insert") return true;
  return Y.getItem(doc.store, { client: receipt.client, clock: receipt.clock } as Y.ID).deleted;
}
