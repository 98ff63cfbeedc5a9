import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Random } from "../../../test/reliability/prng.js";
import { RoomDocument } from "./storedDocument.js";
import { stateVectorOfUpdate } from "./updateStateVector.js";

/** Characters of one, two, three and four UTF-8 bytes (the last a surrogate pair), and a BOM. */
const ALPHABET = "ab é中😀\uFEFF\n";

/**
 * Three clients editing one document with every kind of content Yjs writes: text with
 * formatting and embeds, map values of every "any" kind, binary, nested and XML types,
 * sub-documents, and deletions of all of them (garbage-collected or not).
 */
function randomEditing(random: Random, gc: boolean): { docs: Y.Doc[]; updates: Uint8Array[] } {
  const docs = [1, 2, 3].map((clientID) => {
    const doc = new Y.Doc({ gc });
    doc.clientID = clientID * 1_000 + random.int(0, 999);
    return doc;
  });
  const updates: Uint8Array[] = [];
  docs[0]!.on("update", (update: Uint8Array) => updates.push(update));
  const edits = random.int(1, 40);
  for (let i = 0; i < edits; i++) {
    const doc = random.pick(docs);
    const text = doc.getText("text");
    const map = doc.getMap("map");
    const array = doc.getArray("array");
    doc.transact(() => {
      switch (random.int(0, 9)) {
        case 0:
        case 1:
          text.insert(
            random.int(0, text.length),
            random.string(random.int(1, 12), ALPHABET),
            random.int(0, 3) === 0 ? { bold: true } : undefined,
          );
          break;
        case 2:
          if (text.length > 0) {
            const at = random.int(0, text.length - 1);
            text.delete(at, random.int(1, text.length - at));
          }
          break;
        case 3:
          if (text.length > 0) text.format(0, random.int(1, text.length), { italic: random.pick([true, null]) });
          else text.insertEmbed(0, { image: "x.png" });
          break;
        case 4:
          map.set(
            random.pick(["a", "b", "c"]),
            random.pick<unknown>([1, -2.5, "é😀", true, null, [1, "two"], { nested: { deep: 3 } }, 12n ** 12n]),
          );
          break;
        case 5:
          map.set(random.pick(["bin", "a"]), random.bytes(random.int(0, 5)));
          break;
        case 6: {
          const element = new Y.XmlElement(random.pick(["p", "h1"]));
          element.insert(0, [new Y.XmlText("x😀")]);
          const fragment = doc.getXmlFragment("xml");
          fragment.insert(random.int(0, fragment.length), [element]);
          array.insert(0, [new Y.XmlHook("hook")]);
          break;
        }
        case 7:
          array.insert(
            random.int(0, array.length),
            random.pick<unknown[]>([[1, 2, 3], ["é"], [new Y.Map(), new Y.Array(), new Y.Text("t")], [new Y.Doc()]]),
          );
          break;
        case 8:
          if (array.length > 0) array.delete(random.int(0, array.length - 1), 1);
          else map.delete("a");
          break;
        default:
          map.delete(random.pick(["a", "b", "c", "bin"]));
      }
    });
    // Sometimes two clients exchange what they have, so items refer to other clients' items.
    if (random.int(0, 2) === 0) {
      const [a, b] = [random.pick(docs), random.pick(docs)];
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
  return { docs, updates };
}

/** Whole documents, differences (clocks not starting at 0), single updates, and merges with gaps (skips). */
function updatesOf(random: Random, docs: Y.Doc[], updates: Uint8Array[]): Uint8Array[] {
  const [a, b] = [docs[0]!, docs[1]!];
  const some = updates.filter(() => random.int(0, 1) === 0);
  return [
    ...docs.map((doc) => Y.encodeStateAsUpdate(doc)),
    Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)),
    ...updates.slice(0, 3),
    Y.mergeUpdates(some),
    Y.mergeUpdates(updates.slice(-3)),
    new Uint8Array([0, 0]),
  ];
}

describe("the state vector read from an update's bytes", () => {
  it("[D8] equals Yjs' own, byte for byte, for every kind of content and update (400 seeded documents)", () => {
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = new Random(seed);
      const { docs, updates } = randomEditing(random, seed % 2 === 0);
      for (const update of updatesOf(random, docs, updates)) {
        expect(stateVectorOfUpdate(update), `seed ${seed}, update ${compared}`).toEqual(
          Y.encodeStateVectorFromUpdate(update),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(400 * 6);
  });

  it("[D8] reads JSON content, which only older Yjs versions write (so no edit above makes it)", () => {
    // An item of three JSON values in a root array, written by hand as Yjs 13.0 would, and a
    // string after it: read past the JSON wrongly and the string's length comes out wrong.
    const update = encoding.encode((e) => {
      encoding.writeVarUint(e, 1); // clients
      encoding.writeVarUint(e, 2); // structs of client 42
      encoding.writeVarUint(e, 42);
      encoding.writeVarUint(e, 0); // first clock
      encoding.writeUint8(e, 2); // ContentJSON, no neighbours: the parent follows
      encoding.writeVarUint(e, 1); // a root type, by name
      encoding.writeVarString(e, "array");
      encoding.writeVarUint(e, 3);
      for (const value of ['"é😀"', "1", "undefined"]) encoding.writeVarString(e, value);
      encoding.writeUint8(e, 0b1000_0000 | 4); // ContentString, after 42:2
      encoding.writeVarUint(e, 42);
      encoding.writeVarUint(e, 2);
      encoding.writeVarString(e, "ab");
      encoding.writeVarUint(e, 0); // an empty delete set
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    expect(doc.getArray("array").toJSON()).toEqual(["é😀", 1, undefined, "a", "b"]);
    expect(stateVectorOfUpdate(update)).toEqual(new Uint8Array([1, 42, 5]));
    expect(stateVectorOfUpdate(update)).toEqual(Y.encodeStateVectorFromUpdate(update));
  });

  it("[D8] counts text in UTF-16 units, as Yjs does: a surrogate pair is two, an accent one", () => {
    const doc = new Y.Doc();
    doc.clientID = 7;
    doc.getText("t").insert(0, "é中😀a");
    // 1 + 1 + 2 + 1 = 5 clock units for client 7.
    expect(stateVectorOfUpdate(Y.encodeStateAsUpdate(doc))).toEqual(new Uint8Array([1, 7, 5]));
  });

  it("[D8] throws on bytes that are not a whole update rather than answering a wrong vector", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "some text to cut short");
    const update = Y.encodeStateAsUpdate(doc);
    for (const end of [1, 3, 6, 10, update.length - 12]) {
      expect(() => stateVectorOfUpdate(update.slice(0, end))).toThrow();
    }
    // An item whose content kind does not exist (31).
    expect(() => stateVectorOfUpdate(new Uint8Array([1, 1, 5, 0, 0b0000_0000 | 31]))).toThrow();
  });

  it("[D8] a cold room whose snapshot cannot be read answers from the applied document, and reports the part", () => {
    const bad: number[] = [];
    const garbage = new Uint8Array([1, 1, 5, 0, 31]);
    const room = new RoomDocument({ snapshot: garbage, updates: [] }, (index) => bad.push(index));
    expect(room.stateVector()).toEqual(Y.encodeStateVector(new Y.Doc()));
    expect(room.isLive).toBe(true);
    expect(bad).toEqual([0]);
  });
});
