import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Random } from "../../../test/reliability/prng.js";
import { eventually } from "../../../test/helpers/eventually.js";
import { checkUpdate, type UpdateCheck } from "./updateCheck.js";
import { createUpdateChecker, type UpdateChecker, type UpdateCheckerOptions } from "./UpdateChecker.js";

/** Fake workers (test/helpers/updateCheckWorkers): one that stalls on some updates, exits, or refuses everything. */
const fakeWorker = (name: "stalling" | "exiting" | "refusing") =>
  new URL(`../../../test/helpers/updateCheckWorkers/${name}.ts`, import.meta.url);

const checkers: UpdateChecker[] = [];
/** A checker of the test's own, closed after the file's tests. */
function checkerFor(options: UpdateCheckerOptions = {}): UpdateChecker {
  const checker = createUpdateChecker(options);
  checkers.push(checker);
  return checker;
}
afterAll(async () => {
  await Promise.all(checkers.map((checker) => checker.close()));
});

/** Real edits, each depending on the ones before it, as a typist's client sends them. */
function typedUpdates(random: Random, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText("body");
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) {
    if (text.length > 0 && random.next() < 0.3) text.delete(random.int(0, text.length - 1), 1);
    else text.insert(random.int(0, text.length), random.string(random.int(1, 4), "abc é"));
  }
  doc.destroy();
  return updates;
}

function mutated(random: Random, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  const at = random.int(0, Math.max(0, out.length - 1));
  switch (random.int(0, 2)) {
    case 0:
      out[at] = (out[at] ?? 0) ^ (1 << random.int(0, 7));
      break;
    case 1:
      out.length = at; // truncated
      break;
    default:
      out.splice(at, 0, random.int(0, 255));
  }
  return Uint8Array.from(out);
}

/** Decodes, but an item names itself as its parent, and applying it throws (badInput.test.ts). */
const DOES_NOT_APPLY = Uint8Array.from([
  1, 3, 174, 161, 177, 169, 13, 0, 7, 1, 7, 100, 101, 102, 97, 117, 108, 116, 6, 4, 0, 174, 161, 177, 169, 13, 1, 11,
  104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 40, 1, 1, 109, 1, 97, 1, 125, 1, 0,
]);

/** Valid, empty, dependent, truncated, bit-flipped and random updates, from a fixed seed. */
function corpus(): Uint8Array[] {
  const random = new Random(0xc0ffee);
  const typed = typedUpdates(random, 400);
  return [
    ...typed,
    ...typed.map((update) => mutated(random, update)),
    ...Array.from({ length: 200 }, () => random.bytes(random.int(0, 40))),
    Y.encodeStateAsUpdate(new Y.Doc()),
    DOES_NOT_APPLY,
    // Names itself as its left neighbour (messages.test.ts): the worker refuses it too.
    Uint8Array.from([1, 1, 2, 1, 196, 2, 1, 1, 11, 1, 63, 0]),
  ];
}

describe("UpdateChecker", () => {
  it("[D4] the worker tells valid, empty and invalid updates apart, each update of a batch on its own", async () => {
    const checker = checkerFor();
    const typed = typedUpdates(new Random(12), 6);
    const selfLeft = Uint8Array.from([1, 1, 2, 1, 196, 2, 1, 1, 11, 1, 63, 0]);
    const asked = [
      typed[0]!,
      Y.encodeStateAsUpdate(new Y.Doc()),
      typed[1]!,
      DOES_NOT_APPLY,
      typed[2]!,
      Uint8Array.from([255, 255, 255]),
      typed[3]!,
      selfLeft,
      typed[4]!,
      typed[5]!,
    ];
    // Asked in one turn: one batch, packed into one buffer.
    const answers = await Promise.all(asked.map((update) => checker.check(update)));

    const valid = { kind: "valid" };
    expect(answers).toEqual([
      valid,
      { kind: "empty" },
      valid,
      { kind: "invalid", reason: expect.stringMatching(/^does not apply: /) },
      valid,
      { kind: "invalid", reason: expect.stringMatching(/^does not decode: /) },
      valid,
      { kind: "invalid", reason: "does not apply: item 2:1 refers to 2:1, made no earlier" },
      valid,
      valid,
    ]);
    expect(checker.status()).toBe("worker");
  });

  it("[D2] answers come in the order asked, across batches and turns of the loop", async () => {
    const updates = corpus();
    const checker = checkerFor();
    const order: number[] = [];
    const all: Array<Promise<UpdateCheck>> = [];
    // Asked over several turns, so that several batches are in play.
    for (let turn = 0; turn < 5; turn++) {
      for (let i = turn; i < updates.length; i += 5) {
        all.push(
          checker.check(updates[i]!).then((answer) => {
            order.push(i);
            return answer;
          }),
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    const asked = [0, 1, 2, 3, 4].flatMap((turn) => updates.map((_update, i) => i).filter((i) => i % 5 === turn));
    expect(order).toEqual(asked);
  });

  it("[D4] a worker that cannot check anything: what it held and everything after is checked on the event loop, in order", async () => {
    const errors: Error[] = [];
    const restarts: Error[] = [];
    // A worker that exits when asked anything: its replacement fails the canary too.
    const checker = checkerFor({
      workerEntry: fakeWorker("exiting"),
      onError: (error) => errors.push(error),
      onRestart: (error) => restarts.push(error),
    });
    const updates = corpus();
    const order: number[] = [];
    const first = updates.slice(0, 300).map((update, i) =>
      checker.check(update).then((answer) => {
        order.push(i);
        return answer;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const later = updates.slice(300).map((update, i) =>
      checker.check(update).then((answer) => {
        order.push(300 + i);
        return answer;
      }),
    );
    const answers = await Promise.all([...first, ...later]);
    expect(answers).toEqual(updates.map((update) => checkUpdate(update)));
    expect(order).toEqual(updates.map((_update, i) => i));
    await eventually(() =>
      expect(errors.map((error) => error.message)).toEqual(["the update check worker exited with code 3"]),
    );
    // Its first check is the known-good one: there is nothing to restart for.
    expect(restarts).toEqual([]);
    // And it keeps answering.
    expect(await checker.check(updates[0]!)).toEqual({ kind: "valid" });
    expect(checker.status()).toBe("event loop");
  });

  it("[D4] a worker that refuses a known-good edit is not trusted: checks run on the event loop", async () => {
    const errors: string[] = [];
    // Answers every check "invalid", as a worker with a broken yjs might.
    const checker = checkerFor({ workerEntry: fakeWorker("refusing"), onError: (error) => errors.push(error.message) });
    await checker.ready();
    const typed = typedUpdates(new Random(10), 3);
    expect(await Promise.all(typed.map((update) => checker.check(update)))).toEqual(
      typed.map(() => ({ kind: "valid" })),
    );
    expect(errors).toEqual([
      'the update check worker answered a known-good edit with {"kind":"invalid","reason":"broken"}',
    ]);
  });

  it("[D4] an update that stalls the worker is refused alone; the rest of its batch is answered and checking goes on", async () => {
    // The real worker, except that a 3-byte update starting 0xee never finishes its check.
    const restarts: string[] = [];
    const errors: Error[] = [];
    const checker = checkerFor({
      workerEntry: fakeWorker("stalling"),
      timeoutMs: 300,
      onRestart: (error) => restarts.push(error.message),
      onError: (error) => errors.push(error),
    });
    const typed = typedUpdates(new Random(7), 8);
    const stall = Uint8Array.from([0xee, 0, 0]);
    const asked = [...typed.slice(0, 4), stall, ...typed.slice(4)];
    const order: number[] = [];
    // Asked in one turn: one batch, which the stalled check holds up.
    const answers = await Promise.all(
      asked.map((update, i) =>
        checker.check(update).then((answer) => {
          order.push(i);
          return answer;
        }),
      ),
    );

    expect(answers).toEqual(
      asked.map((update) =>
        update === stall
          ? { kind: "invalid", reason: "its check failed alone (the update check worker did not answer within 300 ms)" }
          : { kind: "valid" },
      ),
    );
    expect(order).toEqual(asked.map((_update, i) => i));
    // Once for the batch, once for the update alone; never on the event loop.
    expect(restarts).toEqual([
      "the update check worker did not answer within 300 ms",
      "the update check worker did not answer within 300 ms",
    ]);
    expect(errors).toEqual([]);
    expect(await checker.check(typed[0]!)).toEqual({ kind: "valid" });
  });

  it("[D4][P10] once a connection's update is refused, its queued updates are not checked: a hostile client stalls the worker once, not per update", async () => {
    const restarts: string[] = [];
    const checker = checkerFor({
      workerEntry: fakeWorker("stalling"),
      timeoutMs: 300,
      onRestart: (error) => restarts.push(error.message),
    });
    const [honest, ...rest] = typedUpdates(new Random(11), 3);
    // What Room does: a refused connection's later updates are skipped (P10).
    let refused = false;
    const hostile = (update: Uint8Array) =>
      checker
        .check(update, () => refused)
        .then((answer) => {
          if (answer.kind === "invalid") refused = true;
          return answer;
        });
    const answers = await Promise.all([
      hostile(Uint8Array.from([0xee, 0, 1])),
      hostile(Uint8Array.from([0xee, 0, 2])),
      checker.check(honest!),
      hostile(rest[0]!),
    ]);

    const skipped = { kind: "invalid", reason: "not checked: an earlier update from its connection was refused" };
    expect(answers).toEqual([
      { kind: "invalid", reason: "its check failed alone (the update check worker did not answer within 300 ms)" },
      skipped,
      { kind: "valid" },
      skipped,
    ]);
    // The batch, then the first stalling update alone; the second never reached a worker.
    expect(restarts).toHaveLength(2);
  });

  it("[D4] an update whose check outgrows the worker's heap is refused, and the worker replaced", async () => {
    const restarts: string[] = [];
    const errors: Error[] = [];
    const checker = checkerFor({
      maxHeapMb: 16,
      onRestart: (error) => restarts.push(error.message),
      onError: (error) => errors.push(error),
    });
    // Many small objects, not one large string: Node lets a worker past its limit allocate 16 MB
    // more while it stops it, and a single larger allocation ends the process instead.
    const doc = new Y.Doc();
    doc.getArray("a").insert(
      0,
      Array.from({ length: 300_000 }, (_, i) => ({ i })),
    );
    const huge = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const small = typedUpdates(new Random(8), 1)[0]!;

    const [hugeAnswer, smallAnswer] = await Promise.all([checker.check(huge), checker.check(small)]);

    expect(hugeAnswer.kind).toBe("invalid");
    expect(hugeAnswer.kind === "invalid" && hugeAnswer.reason).toBe(
      "its check failed alone (Worker terminated due to reaching memory limit: JS heap out of memory)",
    );
    expect(smallAnswer).toEqual({ kind: "valid" });
    expect(restarts).toHaveLength(2);
    expect(errors).toEqual([]);
    expect(await checker.check(small)).toEqual({ kind: "valid" });
  });

  it("[D4] closing terminates the worker: a check still waiting and any asked later are answered, not checked", async () => {
    const checker = checkerFor({ workerEntry: fakeWorker("stalling"), timeoutMs: 60_000 });
    await checker.ready();
    const [honest] = typedUpdates(new Random(13), 1);
    // Held by a worker that never answers: only closing ends it.
    const stalled = checker.check(Uint8Array.from([0xee, 0, 3]));
    const waiting = checker.check(honest!);
    await checker.close();

    expect(checker.status()).toBe("closed");
    const notChecked = { kind: "invalid", reason: "not checked: the update checker is closed" };
    expect(await stalled).toEqual(notChecked);
    expect(await waiting).toEqual(notChecked);
    expect(await checker.check(honest!)).toEqual(notChecked);
    // Closing twice is closing once.
    await checker.close();
    expect(checker.status()).toBe("closed");
  });

  it("never keeps a process alive: one that checked an update and has nothing else to do exits", async () => {
    const module = new URL("./UpdateChecker.ts", import.meta.url).pathname;
    const script = `
      import { createUpdateChecker } from ${JSON.stringify(module)};
      const keep = setInterval(() => {}, 1000);
      const answer = await createUpdateChecker().check(Uint8Array.from(${JSON.stringify(Array.from(typedUpdates(new Random(9), 1)[0]!))}));
      console.log(JSON.stringify(answer));
      clearInterval(keep);`;
    // Bounded: a worker that keeps the process alive fails this with a timeout, not a hang.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { timeout: 20_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ kind: "valid" });
  });
});
