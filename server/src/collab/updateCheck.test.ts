import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Random } from "../../../test/reliability/prng.js";
import { mutate, realUpdates } from "../../../test/reliability/updates.js";
import { checkUpdate, checkUpdateByApplying, checkUpdateQuickly } from "./updateCheck.js";

/** Updates of every kind a room sees: a first edit, typing after one's own and others' edits, merges, deletions alone, a subdocument. */
function roomUpdates(random: Random): Uint8Array[] {
  const updates = realUpdates(random, 150, "t");
  const first = new Y.Doc();
  for (const update of updates) Y.applyUpdate(first, update);
  const second = new Y.Doc();
  Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
  second.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 40; i++) second.getText("t").insert(random.int(0, second.getText("t").length), "ab");
  second.getText("t").delete(0, 3);
  second.getMap("t-map").set("sub", new Y.Doc());
  const deletions = new Y.Doc();
  Y.applyUpdate(deletions, Y.encodeStateAsUpdate(second));
  const before = Y.encodeStateVector(deletions);
  deletions.getText("t").delete(2, 5);
  updates.push(Y.encodeStateAsUpdate(deletions, before));
  for (let i = 0; i < 30; i++) {
    const from = random.int(0, updates.length - 2);
    updates.push(Y.mergeUpdates(updates.slice(from, from + random.int(2, 6))));
  }
  for (const doc of [first, second, deletions]) doc.destroy();
  return updates;
}

function integratesNothing(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.every((struct) => struct.id.clock > 0);
}

/** A room's real updates and 8,000 mutations of them, from `seed`. */
function realAndMutated(seed: number): { random: Random; real: Uint8Array[]; inputs: Uint8Array[] } {
  const random = new Random(seed);
  const real = roomUpdates(random);
  const inputs = [...real];
  for (let i = 0; i < 8_000; i++) inputs.push(mutate(random, random.pick(real)));
  return { random, real, inputs };
}

describe("the update check", () => {
  it("[D4] answers exactly what applying every update to a scratch document answers, for real and mutated updates", () => {
    const { real, inputs } = realAndMutated(0x5c4a7c4);
    const answers = { valid: 0, empty: 0, invalid: 0, validWithoutScratch: 0 };
    for (const update of inputs) {
      const answer = checkUpdate(update);
      expect(answer).toEqual(checkUpdateByApplying(update));
      answers[answer.kind]++;
      if (answer.kind === "valid" && integratesNothing(update)) answers.validWithoutScratch++;
    }
    // Every real update is valid; the mutations reach every answer and both ways of reaching "valid".
    for (const update of real) expect(checkUpdate(update)).toEqual({ kind: "valid" });
    expect(answers.invalid).toBeGreaterThan(1_000);
    expect(answers.validWithoutScratch).toBeGreaterThan(1_000);
    expect(answers.valid - answers.validWithoutScratch).toBeGreaterThan(10);
  });

  it("[D4] the event loop's check without a scratch document answers what applying answers, whenever it answers", () => {
    const { random, inputs } = realAndMutated(0x1c4ec4);
    const answered = { valid: 0, empty: 0, invalid: 0, none: 0 };
    for (const update of inputs) {
      const quick = checkUpdateQuickly(update);
      if (quick === null) {
        answered.none++;
        continue;
      }
      expect(quick).toEqual(checkUpdateByApplying(update));
      answered[quick.kind]++;
    }
    // Typing after one's own edits is answered without a scratch document; a client's first edit is not.
    // Typing after one's own first character, at the end and in the middle.
    const typing = new Y.Doc();
    const typed: Uint8Array[] = [];
    typing.on("update", (update: Uint8Array) => typed.push(update));
    for (let i = 0; i < 40; i++) typing.getText("t").insert(random.int(0, typing.getText("t").length), "k");
    typing.destroy();
    const [firstCharacter] = typed.splice(0, 1);
    expect(checkUpdateQuickly(firstCharacter!)).toBeNull();
    for (const update of typed) expect(checkUpdateQuickly(update)).toEqual({ kind: "valid" });
    expect(answered.valid).toBeGreaterThan(1_000);
    expect(answered.invalid).toBeGreaterThan(1_000);
    expect(answered.none).toBeGreaterThan(10);
  });
});
