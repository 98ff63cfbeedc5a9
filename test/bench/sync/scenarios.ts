import fs from "node:fs";
import path from "node:path";
import { runLoad, type LoadResult } from "./loadGen.js";
import { startBenchServer, type BenchServer, type ServerKind } from "./servers.js";
import * as Y from "yjs";
import { readTrace } from "./traces.js";
import { BENCH_TEXT, marker, MARKER, YClient } from "./yclient.js";
import { sleep, withTimeout } from "./time.js";

/** The scenarios of issue 6 that the bench implements; each starts its own fresh server. */

export interface HotRoomOptions {
  applying: number;
  /** Edits before the measured time (LoadSpec.warmupMs). */
  warmupMs: number;
  durationMs: number;
  processes: number;
}

/** 50 editors × 10 edits/s in one document; `applying` of them apply what they receive. */
export async function hotRoom(kind: ServerKind, options: HotRoomOptions): Promise<LoadResult> {
  const server = await startBenchServer(kind);
  try {
    const docs = await server.createDocs(1);
    return await runLoad(server, {
      docs,
      clientsPerDoc: 50,
      applyingPerDoc: options.applying,
      editingPerDoc: 50,
      editsPerSecond: 10,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      drainMs: 2_000,
      processes: options.processes,
    });
  } finally {
    await server.stop("SIGTERM");
    server.cleanup();
  }
}

export interface DurabilityResult {
  signal: NodeJS.Signals;
  total: number;
  /** Edits the watcher had received when the signal was sent. */
  watched: number;
  found: number;
}

/**
 * One client types `total` edits at 20 a second (a fast typist); a watcher counts them; the
 * moment the watcher has applied the last one, it signals the server process itself (no IPC
 * hop in between). After a restart on the same data, a fresh client counts the edits found.
 */
export async function durability(kind: ServerKind, signal: NodeJS.Signals, total = 200): Promise<DurabilityResult> {
  const server = await startBenchServer(kind);
  try {
    const [docName] = await server.createDocs(1);
    const seen = new Set<string>();
    let signalled = false;
    const writer = new YClient(server.endpoint(docName!), { applying: true });
    const watcher = new YClient(server.endpoint(docName!), {
      applying: true,
      onApplied: (update) => {
        for (const m of Buffer.from(update).toString("latin1").matchAll(MARKER)) seen.add(m[2]!);
        if (seen.size >= total && !signalled) {
          signalled = true;
          process.kill(server.pid(), signal);
        }
      },
    });
    await withTimeout(Promise.all([writer.synced, watcher.synced]), 10_000, "clients did not sync");
    const text = writer.doc.getText(BENCH_TEXT);
    for (let i = 0; i < total; i++) {
      text.insert(text.length, marker(0, i));
      await sleep(50);
    }
    // Bounded: a server that never relays the last edit is signalled after 20 s anyway.
    for (let waited = 0; !signalled && waited < 20_000; waited += 10) await sleep(10);
    const watched = seen.size;
    if (!signalled) process.kill(server.pid(), signal);
    await server.stop(signal);
    writer.close();
    watcher.close();
    await server.restart();
    return { signal, total, watched, found: await countAfterRestart(server, docName!) };
  } finally {
    await server.stop("SIGKILL");
    server.cleanup();
  }
}

/** Syncs a fresh client and counts distinct markers, until the count held still for 1.5 s (at most 15 s): yws loads LevelDB after the handshake. */
async function countAfterRestart(server: BenchServer, docName: string): Promise<number> {
  const reader = new YClient(server.endpoint(docName), { applying: true });
  try {
    await withTimeout(reader.synced, 10_000, "reader did not sync");
    const count = () => new Set([...reader.doc.getText(BENCH_TEXT).toString().matchAll(MARKER)].map((m) => m[2])).size;
    let last = count();
    let stableSince = Date.now();
    for (const end = Date.now() + 15_000; Date.now() < end && Date.now() - stableSince < 1_500; ) {
      await sleep(100);
      const now = count();
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      }
    }
    return last;
  } finally {
    reader.close();
  }
}

export interface ColdLoadResult {
  edits: number;
  finalChars: number;
  writeSeconds: number;
  /** Accord only: the same trace written with its default compaction settings. */
  writeSecondsCompacting?: number;
  /** Accord: from the raw log (compaction held off). Peers: the first load after the write settled. */
  rawLogMs: number;
  /** Accord: after compaction while typing. Peers: loads after their store settled from the first load. */
  compactedMs: number[];
  /**
   * The server's share of each load above: connect → the frame that completed the text had
   * fully arrived at the client, before the client applied it.
   */
  rawLogReceivedMs: number;
  compactedReceivedMs: number[];
  /** Each load above until the client's `applyUpdate` returned (its `update` event included). */
  rawLogAppliedMs: number;
  compactedAppliedMs: number[];
  dbBytesRaw: number;
  dbBytesCompacted: number;
  /** false when only a prefix of the trace was written (a debug option). */
  whole: boolean;
}

interface SequentialTrace {
  endContent: string;
  txns: Array<{ patches: Array<[number, number, string]> }>;
}

/**
 * The automerge-paper trace typed into a server one edit per update (259,778 updates), then the
 * time a fresh client on a freshly started server needs to hold the full text.
 * Accord: once from the raw log (compaction held off by settings), once after the server
 * compacted it while it was typed; its flood limit is raised for these runs only (a replay is a
 * script, not a typist). Peers: written once; loaded after their store settled from the write
 * (yws: y-leveldb's log of one row per update; Hocuspocus: its debounced whole-document store),
 * then twice more after the store settled from that first load (y-leveldb compacts on load).
 * `prefix` writes only that many edits (small checks).
 */
export async function coldLoadTrace(kind: ServerKind = "accord", prefix?: number): Promise<ColdLoadResult> {
  const file = readTrace<SequentialTrace>("automerge-paper");
  const trace = { ...file, txns: prefix === undefined ? file.txns : file.txns.slice(0, prefix) };
  const whole = trace.txns.length === file.txns.length;
  if (kind !== "accord") {
    const run = await writeTraceAndLoad(kind, trace, whole, {}, 3, true);
    return {
      edits: run.edits,
      finalChars: run.text.length,
      writeSeconds: run.writeSeconds,
      rawLogMs: run.loadsMs[0]!,
      compactedMs: run.loadsMs.slice(1),
      rawLogReceivedMs: run.receivedMs[0]!,
      compactedReceivedMs: run.receivedMs.slice(1),
      rawLogAppliedMs: run.appliedMs[0]!,
      compactedAppliedMs: run.appliedMs.slice(1),
      dbBytesRaw: run.dbBytes,
      dbBytesCompacted: run.dbBytesAfterLoad,
      whole,
    };
  }
  const floodLimit = { MAX_MESSAGES_PER_SECOND: "10000000", MAX_BYTES_PER_SECOND: "10000000000" };
  // Run 1: compaction held off while typing, then the server killed once everything is stored:
  // a room compacts its log as it unloads (SPEC D9), so only a crash leaves 259,778 raw rows.
  const raw = await writeTraceAndLoad(
    kind,
    trace,
    whole,
    { ...floodLimit, COMPACT_AFTER_UPDATES: "1000000000", COMPACT_AFTER_BYTES: "1000000000" },
    1,
    false,
    "SIGKILL",
  );
  // Run 2: default compaction settings while typing (a compaction every 500 updates), the way a
  // real document gets there.
  const compacted = await writeTraceAndLoad(kind, trace, whole, floodLimit, 3, false);
  return {
    edits: raw.edits,
    finalChars: raw.text.length,
    writeSeconds: raw.writeSeconds,
    writeSecondsCompacting: compacted.writeSeconds,
    rawLogMs: raw.loadsMs[0]!,
    compactedMs: compacted.loadsMs,
    rawLogReceivedMs: raw.receivedMs[0]!,
    compactedReceivedMs: compacted.receivedMs,
    rawLogAppliedMs: raw.appliedMs[0]!,
    compactedAppliedMs: compacted.appliedMs,
    dbBytesRaw: raw.dbBytes,
    dbBytesCompacted: compacted.dbBytes,
    whole,
  };
}

/**
 * Writes the trace through the server, stops it, and times `loads` cold loads, each on a freshly
 * restarted server. `settle`: before each stop, wait until the data directory stopped changing
 * (peers persist after they relay; Accord stores before it relays, SPEC D1).
 */
async function writeTraceAndLoad(
  kind: ServerKind,
  trace: SequentialTrace,
  whole: boolean,
  env: Record<string, string>,
  loads: number,
  settle: boolean,
  /** How the server stops after the write: SIGKILL keeps Accord's log raw (see coldLoadTrace). */
  firstStop: "SIGTERM" | "SIGKILL" = "SIGTERM",
) {
  const server = await startBenchServer(kind, env);
  try {
    const [docName] = await server.createDocs(1);
    const writer = new YClient(server.endpoint(docName!), { applying: false });
    // Accord relays an update only once it is stored (SPEC D1): what this watcher has applied
    // is stored. The writer paces itself by it, so the server never falls tens of seconds
    // behind the socket (its keepalive would then cut the writer, 1006) and the end is exact.
    const watcher = new YClient(server.endpoint(docName!), { applying: true });
    await withTimeout(Promise.all([writer.synced, watcher.synced]), 10_000, "writer and watcher did not sync");
    const text = writer.doc.getText(BENCH_TEXT);
    const stored = () => Y.getState(watcher.doc.store, writer.doc.clientID);
    const written = () => Y.getState(writer.doc.store, writer.doc.clientID);
    const t0 = performance.now();
    let edits = 0;
    for (const txn of trace.txns) {
      for (const [pos, del, ins] of txn.patches) {
        // One transaction per patch: one update message each, as a typist's client sends.
        writer.doc.transact(() => {
          if (del > 0) text.delete(pos, del);
          if (ins) text.insert(pos, ins);
        });
        edits++;
      }
      if (edits % 1_000 === 0) {
        // At most ~10,000 inserted characters in flight; bounded in time like every wait here.
        for (const end = Date.now() + 60_000; written() - stored() > 10_000; await sleep(2)) {
          if (writer.closeInfo)
            throw new Error(
              `the server closed the writer after ${edits} edits: ${writer.closeInfo.code} ${writer.closeInfo.reason}`,
            );
          if (Date.now() > end) throw new Error(`the server stored nothing more for 60 s after ${edits} edits`);
        }
      }
    }
    const expected = text.toString();
    if (whole && expected !== trace.endContent)
      throw new Error("the local replay did not reproduce the trace's endContent");
    for (const end = Date.now() + 300_000; watcher.doc.getText(BENCH_TEXT).toString() !== expected; await sleep(50)) {
      if (writer.closeInfo)
        throw new Error(`the server closed the writer: ${writer.closeInfo.code} ${writer.closeInfo.reason}`);
      if (Date.now() > end) throw new Error("the server did not relay the whole trace within 5 minutes");
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    // The watcher holds the whole text, so (D1) all of it is stored: a kill loses nothing.
    if (firstStop === "SIGKILL") await server.stop("SIGKILL");
    watcher.close();
    writer.close();
    if (settle) await settled(server.dataDir);
    if (firstStop === "SIGTERM") await stopWithin(server, 60_000);
    const dbBytes = dirBytes(server.dataDir);
    let dbBytesAfterLoad = dbBytes;
    const loadsMs: number[] = [];
    const receivedMs: number[] = [];
    const appliedMs: number[] = [];
    for (let i = 0; i < loads; i++) {
      await server.restart();
      const loaded = await timeToText(server, docName!, expected);
      if (loaded.text !== expected)
        throw new Error(`cold load ${i + 1} gave ${loaded.text.length} characters, not the trace's ${expected.length}`);
      loadsMs.push(loaded.ms);
      receivedMs.push(loaded.receivedMs);
      appliedMs.push(loaded.appliedMs);
      if (settle) await settled(server.dataDir);
      await stopWithin(server, 60_000);
      if (i === 0) dbBytesAfterLoad = dirBytes(server.dataDir);
    }
    console.log(
      `  written in ${writeSeconds.toFixed(1)} s, cold loads ${loadsMs.map((v, i) => `${v.toFixed(0)} (received at ${receivedMs[i]!.toFixed(0)}, applied at ${appliedMs[i]!.toFixed(0)})`).join(", ")} ms`,
    );
    return { edits, text: expected, writeSeconds, dbBytes, dbBytesAfterLoad, loadsMs, receivedMs, appliedMs };
  } finally {
    await server.stop("SIGKILL");
    server.cleanup();
  }
}

/**
 * Waits until no file in `dir` changed size or mtime for 3 s, and at least 12 s in all: past
 * Hocuspocus' longest store debounce (10 s), while y-leveldb works through its write queue.
 * Bounded at 5 minutes.
 */
async function settled(dir: string): Promise<void> {
  const signature = () =>
    fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const stat = fs.statSync(path.join(e.parentPath, e.name), { throwIfNoEntry: false });
        return `${e.name}:${stat?.size}:${stat?.mtimeMs}`;
      })
      .join(",");
  const start = Date.now();
  let last = signature();
  let stableSince = Date.now();
  while (Date.now() - start < 300_000 && (Date.now() - start < 12_000 || Date.now() - stableSince < 3_000)) {
    await sleep(250);
    const now = signature();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}

/** SIGTERM, then SIGKILL if the server has not exited within `ms` (every wait in the bench is bounded). */
async function stopWithin(server: BenchServer, ms: number): Promise<void> {
  const stopped = await Promise.race([server.stop("SIGTERM").then(() => true), sleep(ms).then(() => false)]);
  if (!stopped) {
    await server.stop("SIGKILL");
    throw new Error(`the server did not stop within ${ms} ms of SIGTERM`);
  }
}

/**
 * Connect → the full text in a fresh client. Accord sends it all in sync step 2; yws loads its
 * store after the handshake and sends it as an update, so step 2 alone is not the end.
 * `ms`: until the client's text type holds the whole text, i.e. when its observers run — where
 * an editor bound to it (y-prosemirror) renders. `receivedMs`: until the frame that completed the
 * text had arrived, before the client applied it (the server's share). `appliedMs`: until
 * `applyUpdate` returned, which after the observers also merges structs and, for the client's
 * `update` listener (every provider has one, to send its own edits), re-encodes the whole update.
 */
async function timeToText(
  server: BenchServer,
  docName: string,
  expected: string,
): Promise<{ text: string; ms: number; receivedMs: number; appliedMs: number }> {
  const t0 = performance.now();
  let visibleMs = NaN;
  let receivedMs = NaN;
  let appliedMs = NaN;
  const client: YClient = new YClient(server.endpoint(docName), {
    applying: true,
    onApplied: () => {
      if (Number.isNaN(appliedMs) && client.doc.getText(BENCH_TEXT).length === expected.length) {
        appliedMs = performance.now() - t0;
        receivedMs = client.frameReceivedAt - t0;
      }
    },
  });
  const text = client.doc.getText(BENCH_TEXT);
  text.observe(() => {
    if (Number.isNaN(visibleMs) && text.length === expected.length) visibleMs = performance.now() - t0;
  });
  try {
    await withTimeout(client.synced, 120_000, "client did not sync");
    for (const end = Date.now() + 120_000; Number.isNaN(appliedMs) && Date.now() < end; ) await sleep(1);
    return { text: text.toString(), ms: visibleMs, receivedMs, appliedMs };
  } finally {
    client.close();
  }
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
