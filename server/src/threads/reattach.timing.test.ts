import { findQuoteNear, REATTACH_DISTANCE } from "@accord/editor";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cpuTimeOf } from "@accord/evidence/testing/cpuTime";
import { threadAnchorResolver, type AnchorTarget } from "./anchors.js";

/**
 * [A7] 4. The attack it stops: members start many threads whose quotes are as long (2,000
 * units) and as repetitive as allowed, on a long body of the same letter, and delete the text
 * under them, so that every thread list searches for each quote. Each search must read a window
 * bounded by REATTACH_DISTANCE and the quote, never the body, and be linear in it.
 */
const ADVERSARIAL_QUOTE = `${"a".repeat(1_999)}b`;

/** One paragraph of `length` "a"s, `threads` detached threads on its middle with the quote above. */
function detachedThreads(length: number, threads: number): { doc: Y.Doc; targets: AnchorTarget[] } {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText(`${"a".repeat(length / 2)}MARK${"a".repeat(length / 2)}`);
  paragraph.insert(0, [text]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  const anchor = {
    from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, length / 2, 0)),
    to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, length / 2 + 4, -1)),
  };
  text.delete(length / 2, 4);
  return { doc, targets: Array.from({ length: threads }, () => ({ anchor, quote: ADVERSARIAL_QUOTE })) };
}

/** CPU time per detached thread, the body's index already built. */
async function perThread(length: number, threads: number): Promise<number> {
  const { doc, targets } = detachedThreads(length, threads);
  let resolve = threadAnchorResolver(doc);
  const time = await cpuTimeOf(() => {
    resolve = threadAnchorResolver(doc);
    resolve(targets[0]!); // builds the index, which is the body's cost (K2), not A7's
  });
  const total = await cpuTimeOf(() => {
    resolve = threadAnchorResolver(doc);
    for (const target of targets) expect(resolve(target)).toEqual({ state: "detached" });
  });
  doc.destroy();
  return (total - time) / (threads - 1);
}

describe("[A7] re-attaching is bounded", () => {
  it("[A7] a detached thread costs the same on a 16× longer body: it reads a window, not the body", async () => {
    const small = await perThread(64 * 1024, 200);
    const large = await perThread(1024 * 1024, 200);
    expect(large / small, `${small.toFixed(3)} ms vs ${large.toFixed(3)} ms per thread`).toBeLessThan(2.5);
  }, 120_000);

  it("[A7] the search is linear: a quote built to defeat a naive search costs no more than a plain one", async () => {
    const text = "a".repeat(2 * (REATTACH_DISTANCE + ADVERSARIAL_QUOTE.length));
    const positions = Array.from(text, (_, i) => i);
    const place = text.length / 2;
    const adversarial = await cpuTimeOf(() => {
      for (let i = 0; i < 50; i++) findQuoteNear(text, positions, ADVERSARIAL_QUOTE, place);
    });
    const plain = await cpuTimeOf(() => {
      for (let i = 0; i < 50; i++) findQuoteNear(text, positions, "b".repeat(2_000), place);
    });
    expect(adversarial / plain, `${adversarial.toFixed(3)} ms vs ${plain.toFixed(3)} ms`).toBeLessThan(4);
  }, 60_000);
});
