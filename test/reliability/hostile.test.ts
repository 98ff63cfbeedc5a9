import fs from "node:fs";
import { CloseCode, MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import { addMember, ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawnServer.js";
import { makeTempDir } from "../helpers/startServer.js";
import { collabUrl, openEditor, TYPED_TEXT, type Editor } from "./editors.js";
import { Random, seededRandom } from "./prng.js";
import { mutate, realUpdates } from "./updates.js";

/**
 * Hostile input against the real server process: a seeded fuzzer authenticated as an editor
 * throws malformed and mutated y-websocket frames at the document socket while two honest
 * editors keep typing into the same document. The server must close only the hostile
 * socket, always with a named close code (1006 would mean the process died or cut the
 * socket), and the honest document must come out exactly as the honest editors wrote it.
 *
 * The fuzzing server runs with MAX_MESSAGES_PER_SECOND and MAX_BYTES_PER_SECOND far above
 * what the fuzzer sends, so that every frame reaches the parser instead of being cut short by
 * the flood limits, which have their own tests (below, and flooding.test.ts for bytes).
 */

const FRAMES = 10_000;
/** Hostile sockets working at once: the frames are spread over them. */
const LANES = 4;
/** Small, so that oversized frames are cheap to send (the minimum the config accepts is 1 KiB). */
const MAX_FRAME_BYTES = 16 * 1024;
/** The root type the fuzzer's own (real, then mutated) updates write to; the honest editors use TYPED_TEXT. */
const FUZZ_TYPE = "fuzz";
const NAMED_CODES = new Set<number>(Object.values(CloseCode));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string>): Promise<SpawnedServer> {
  const dataDir = makeTempDir("accord-hostile-");
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  // At "info": spawnServer waits for the "listening" line.
  const spawned = await spawnServer({ DATA_DIR: dataDir, ...env });
  // Registered after the data dir: teardown runs in reverse, so the process dies first.
  cleanups.push(() => spawned.stop("SIGKILL"));
  return spawned;
}

async function documentOf(baseUrl: string) {
  const lead = await buildUser(baseUrl, "Lena Lead");
  const editor = await buildUser(baseUrl, "Eddie Editor");
  const mallory = await buildUser(baseUrl, "Mallory Editor");
  const brief = await buildBrief(lead);
  await addMember(lead, editor, brief.id, "editor");
  await addMember(lead, mallory, brief.id, "editor");
  const sector = await buildSector(lead, brief.id);
  const rec = await buildRecommendation(lead, brief.id, sector.id);
  return { lead, editor, mallory, docName: rec.id };
}

function open(baseUrl: string, client: ApiClient, docName: string): Editor {
  const editor = openEditor(baseUrl, client.cookie ?? "", docName);
  cleanups.push(() => editor.destroy());
  return editor;
}

/** An honest editor typing on a timer (not a sleep: it types until told to stop), at random places. */
function keepTyping(editor: Editor, random: Random, alphabet: string) {
  const typed: string[] = [];
  const timer = setInterval(() => {
    const text = random.string(random.int(1, 3), alphabet);
    editor.text.insert(random.int(0, editor.text.length), text);
    typed.push(text);
  }, 15);
  cleanups.push(() => clearInterval(timer));
  return { typed, stop: () => clearInterval(timer) };
}

function frameOf(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** A well-formed awareness update for a made-up client: presence states are JSON the server relays as is. */
function awarenessFrame(random: Random): Uint8Array {
  const state = {
    user: { name: random.string(random.int(0, 30), "abc<>\"'&{}"), color: "#f00" },
    cursor: random.int(0, 100),
  };
  const update = frameOf((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, random.int(1, 2 ** 31));
    encoding.writeVarUint(e, random.int(0, 1000));
    encoding.writeVarString(e, random.next() < 0.1 ? "null" : JSON.stringify(state));
  });
  return frameOf((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

type FrameKind =
  | "random bytes"
  | "truncated update"
  | "wrong message type"
  | "huge length prefix"
  | "mutated update"
  | "mutated update as sync step 2"
  | "valid update"
  | "garbage sync step 2"
  | "garbage sync step 1"
  | "awareness"
  | "awareness burst"
  | "mutated awareness"
  | "text frame"
  | "oversized frame";

const KINDS: readonly FrameKind[] = [
  "random bytes",
  "truncated update",
  "wrong message type",
  "huge length prefix",
  "mutated update",
  "mutated update",
  "mutated update",
  "mutated update as sync step 2",
  "valid update",
  "garbage sync step 2",
  "garbage sync step 1",
  "awareness",
  "awareness burst",
  "mutated awareness",
  "text frame",
  "oversized frame",
];

/** One hostile frame (or a burst of them) of a seeded kind. */
function hostileFrames(random: Random, updates: Uint8Array[], kind: FrameKind): Array<Uint8Array | string> {
  const update = random.pick(updates);
  switch (kind) {
    case "random bytes":
      return [random.bytes(random.int(0, 64))];
    case "truncated update": {
      const frame = syncFrame(syncProtocol.messageYjsUpdate, update);
      return [frame.slice(0, random.int(0, frame.length - 1))];
    }
    case "wrong message type":
      return [
        frameOf((e) => {
          encoding.writeVarUint(e, random.int(4, 100_000));
          encoding.writeUint8Array(e, random.bytes(random.int(0, 16)));
        }),
      ];
    case "huge length prefix":
      // A length near 2^32 (or 2^53) announcing far more bytes than the frame holds.
      return [
        frameOf((e) => {
          encoding.writeVarUint(e, random.pick([MessageType.Sync, MessageType.Awareness]));
          if (random.next() < 0.7) encoding.writeVarUint(e, random.int(0, 2));
          encoding.writeVarUint(e, random.pick([0xffffffff, 2 ** 31, Number.MAX_SAFE_INTEGER, 1_000_000]));
          encoding.writeUint8Array(e, random.bytes(random.int(0, 8)));
        }),
      ];
    case "mutated update":
      return [syncFrame(syncProtocol.messageYjsUpdate, mutate(random, update))];
    case "mutated update as sync step 2":
      return [syncFrame(syncProtocol.messageYjsSyncStep2, mutate(random, update))];
    case "valid update":
      return [syncFrame(syncProtocol.messageYjsUpdate, update)];
    case "garbage sync step 2":
      return [syncFrame(syncProtocol.messageYjsSyncStep2, random.bytes(random.int(0, 48)))];
    case "garbage sync step 1":
      return [syncFrame(syncProtocol.messageYjsSyncStep1, random.bytes(random.int(1, 24)))];
    case "awareness":
      return [awarenessFrame(random)];
    case "awareness burst":
      return Array.from({ length: random.int(3, 10) }, () => awarenessFrame(random));
    case "mutated awareness":
      return [mutate(random, awarenessFrame(random))];
    case "text frame":
      return [random.string(random.int(0, 40), '{}[]"abc\u0000')];
    case "oversized frame":
      return [
        Uint8Array.from([
          MessageType.Sync,
          syncProtocol.messageYjsUpdate,
          ...random.bytes(MAX_FRAME_BYTES + random.int(1, 64)),
        ]),
      ];
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

/** A raw document socket whose frames are acknowledged one by one (see `send`). */
interface HostileSocket {
  socket: WebSocket;
  closed: Promise<number>;
  barrierReplies: number;
  onBarrierReply: (() => void) | null;
  /** Awareness messages received: the answers to query-awareness, where nobody else sets presence. */
  awarenessReplies: number;
}

/**
 * A sync step 1 with an empty state vector: the server answers it with a sync step 2 to this
 * socket only (relays from others are always "update" messages), so that answer tells us the
 * server processed every frame sent before it.
 */
const BARRIER = syncFrame(syncProtocol.messageYjsSyncStep1, Uint8Array.from([0]));

async function connectHostile(baseUrl: string, cookie: string, docName: string): Promise<HostileSocket> {
  const socket = new WebSocket(`${collabUrl(baseUrl)}/${encodeURIComponent(docName)}`, { headers: { cookie } });
  const hostile: HostileSocket = {
    socket,
    closed: new Promise((resolve) => socket.on("close", (code) => resolve(code))),
    barrierReplies: 0,
    onBarrierReply: null,
    awarenessReplies: 0,
  };
  socket.on("error", () => {}); // the close code is what we check
  socket.on("message", (data: Buffer) => {
    if (data[0] === MessageType.Sync && data[1] === syncProtocol.messageYjsSyncStep2) {
      hostile.barrierReplies++;
      hostile.onBarrierReply?.();
    } else if (data[0] === MessageType.Awareness) {
      hostile.awarenessReplies++;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_req, res) => reject(new Error(`hostile upgrade refused: ${res.statusCode}`)));
  });
  // The opening handshake (the server's sync step 1) needs no answer; our barrier does.
  return hostile;
}

/** Sends the frames, then the barrier: resolves "open" once the server processed them all, or the close code. */
async function sendAndSettle(hostile: HostileSocket, frames: Array<Uint8Array | string>): Promise<"open" | number> {
  const replied = new Promise<"open">((resolve) => {
    const target = hostile.barrierReplies + 1;
    hostile.onBarrierReply = () => {
      if (hostile.barrierReplies >= target) resolve("open");
    };
  });
  for (const frame of frames) hostile.socket.send(frame);
  hostile.socket.send(BARRIER);
  return Promise.race([replied, hostile.closed]);
}

describe("hostile frames on the document socket", () => {
  it("[P5][P6][P7][P9] 10,000 seeded hostile frames close only the hostile socket, with named codes; honest editors converge and are stored", async () => {
    const random = seededRandom("hostile");
    const server = await start({
      MAX_MESSAGES_PER_SECOND: "1000000",
      MAX_BYTES_PER_SECOND: "1000000000",
      MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
    });
    const { lead, editor, mallory, docName } = await documentOf(server.url);

    const alice = open(server.url, lead, docName);
    const bob = open(server.url, editor, docName);
    await eventually(() => alice.provider.synced && bob.provider.synced);
    const aliceTyping = keepTyping(alice, random, "abcdefghij");
    const bobTyping = keepTyping(bob, random, "0123456789");

    // The whole plan is drawn from the seed before anything is sent, so that the frames are the
    // same on every run with this seed whichever lane happens to send them.
    const fuzz = new Random(random.seed ^ 0x5eed);
    const updates = realUpdates(fuzz, 200, FUZZ_TYPE);
    const plan: Array<{ kind: FrameKind; frames: Array<Uint8Array | string> }> = [];
    for (let planned = 0; planned < FRAMES; ) {
      const kind = fuzz.pick(KINDS);
      const frames = hostileFrames(fuzz, updates, kind).slice(0, FRAMES - planned);
      plan.push({ kind, frames });
      planned += frames.length;
    }
    const closeCodes = new Map<number, number>();
    const kinds = new Map<FrameKind, number>();
    let framesSent = 0;
    let reconnects = 0;
    let next = 0;
    const lanes = Array.from({ length: LANES }, async () => {
      let hostile = await connectHostile(server.url, mallory.cookie!, docName);
      while (next < plan.length) {
        const { kind, frames } = plan[next++]!;
        framesSent += frames.length;
        kinds.set(kind, (kinds.get(kind) ?? 0) + frames.length);
        const outcome = await sendAndSettle(hostile, frames);
        if (outcome === "open") continue;
        closeCodes.set(outcome, (closeCodes.get(outcome) ?? 0) + 1);
        reconnects++;
        hostile = await connectHostile(server.url, mallory.cookie!, docName);
      }
      hostile.socket.close();
    });
    await Promise.all(lanes);
    aliceTyping.stop();
    bobTyping.stop();

    console.log(
      `[hostile] ${framesSent} frames, ${reconnects} sockets closed by the server:`,
      Object.fromEntries([...closeCodes].map(([code, count]) => [`${code}`, count])),
      Object.fromEntries(kinds),
    );
    expect(framesSent).toBe(FRAMES);
    // Every close is one the server chose and named: never 1006 (a crash or a cut socket).
    expect([...closeCodes.keys()].filter((code) => !NAMED_CODES.has(code))).toEqual([]);
    expect(closeCodes.get(CloseCode.MalformedMessage)).toBeGreaterThan(0);
    expect(closeCodes.get(CloseCode.InvalidUpdate)).toBeGreaterThan(0);
    expect(closeCodes.get(CloseCode.FrameTooLarge)).toBeGreaterThan(0);

    expect((await new ApiClient(server.url).get("/api/health")).status).toBe(200);
    await eventually(() => expect(bob.text.toString()).toBe(alice.text.toString()), { timeoutMs: 10_000 });
    const everythingTyped = [...aliceTyping.typed, ...bobTyping.typed].join("");
    expect(sorted(alice.text.toString())).toBe(sorted(everythingTyped));
    expect(alice.closes.concat(bob.closes)).toEqual([]);

    const reader = open(server.url, lead, docName);
    await eventually(() => reader.provider.synced);
    await eventually(() => expect(reader.doc.getText(TYPED_TEXT).toString()).toBe(alice.text.toString()));
    expect(server.child.exitCode).toBeNull();
    // A bound, not a speed target: ~15 s alone here, but 10,000 frame round trips slow down a
    // lot when the two cores are shared with other suites (seen: over 90 s under a benchmark).
  }, 300_000);

  it("[P11] a flooding client is closed with Flooding after the burst the setting allows; an honest editor is unaffected", async () => {
    const random = seededRandom("flood");
    const rate = 50;
    const server = await start({ MAX_MESSAGES_PER_SECOND: String(rate) });
    const { lead, editor, mallory, docName } = await documentOf(server.url);
    const alice = open(server.url, lead, docName);
    const bob = open(server.url, editor, docName);
    await eventually(() => alice.provider.synced && bob.provider.synced);
    const typing = keepTyping(alice, random, "abc");

    const flooder = await connectHostile(server.url, mallory.cookie!, docName);
    const startedAt = performance.now();
    // Query-awareness asks for an answer each time, so the answers count the frames the server
    // read. (Not sync step 1: one arriving while its previous answer is unsent is dropped, P12.)
    const query = Uint8Array.from([MessageType.QueryAwareness]);
    for (let i = 0; i < 20 * rate; i++) flooder.socket.send(query);
    expect(await flooder.closed).toBe(CloseCode.Flooding);
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    // The bucket holds a burst of twice the rate and refills at the rate while the flood lasts.
    expect(flooder.awarenessReplies).toBeGreaterThanOrEqual(2 * rate);
    expect(flooder.awarenessReplies).toBeLessThanOrEqual(2 * rate + Math.ceil(rate * elapsedSeconds) + 1);

    typing.stop();
    await eventually(() => expect(bob.text.toString()).toBe(alice.text.toString()));
    expect(sorted(alice.text.toString())).toBe(sorted(typing.typed.join("")));
    expect(alice.closes.concat(bob.closes)).toEqual([]);
  });
});

function sorted(text: string): string {
  return [...text].sort().join("");
}
