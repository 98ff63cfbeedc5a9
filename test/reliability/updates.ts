import * as Y from "yjs";
import type { Random } from "./prng.js";

/* Updates for the fuzzers: real ones, and the mutator that bends them. */

/** Real updates of every kind of content Yjs encodes, for the mutator to start from. */
export function realUpdates(random: Random, count: number, rootName: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const text = doc.getText(rootName);
  const map = doc.getMap(`${rootName}-map`);
  const xml = doc.getXmlFragment(`${rootName}-xml`);
  for (let i = 0; i < count; i++) {
    switch (random.int(0, 5)) {
      case 0:
        text.insert(random.int(0, text.length), random.string(random.int(1, 20), "abcdefghijklmnopqrstuvwxyzéß漢🙂 "));
        break;
      case 1:
        if (text.length > 2) text.delete(random.int(0, text.length - 2), random.int(1, 2));
        else text.insert(0, "xy");
        break;
      case 2:
        text.format(0, Math.max(1, Math.min(text.length, 5)), { bold: random.next() < 0.5 ? true : null });
        break;
      case 3:
        map.set(random.string(3, "abc"), random.pick([1, "two", { three: [3] }, null, new Uint8Array([1, 2, 3])]));
        break;
      case 4: {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.setAttribute("class", random.string(4, "xyz"));
        paragraph.insert(0, [new Y.XmlText(random.string(5, "klmno"))]);
        xml.insert(random.int(0, xml.length), [paragraph]);
        break;
      }
      default:
        map.set("nested", new Y.Array());
    }
  }
  doc.destroy();
  return updates;
}

/** Flips, overwrites, inserts or drops a few bytes. */
export function mutate(random: Random, bytes: Uint8Array): Uint8Array {
  let out = Array.from(bytes);
  for (let n = random.int(1, 4); n > 0; n--) {
    const at = random.int(0, Math.max(0, out.length - 1));
    switch (random.int(0, 3)) {
      case 0:
        if (out.length > 0) out[at] = out[at]! ^ (1 << random.int(0, 7));
        break;
      case 1:
        if (out.length > 0) out[at] = random.int(0, 255);
        break;
      case 2:
        out.splice(at, 0, random.int(0, 255));
        break;
      default:
        out = out.filter((_byte, index) => index !== at);
    }
  }
  return Uint8Array.from(out);
}
