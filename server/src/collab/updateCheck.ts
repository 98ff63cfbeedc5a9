import * as Y from "yjs";

/**
 * SPEC D4, the check itself: what the update check worker runs (updateCheckWorker.ts) and what
 * the event loop runs when no worker can (UpdateChecker). It imports nothing but yjs, so that a
 * worker thread loads it quickly.
 */

/**
 * The largest update the event loop checks itself when decoding alone answers (Room,
 * INLINE_CHECK_MAX_BYTES); larger ones, and any that needs a scratch document, go to the worker.
 */
export const DEFAULT_INLINE_CHECK_MAX_BYTES = 2048;

export type UpdateCheck = { kind: "valid" } | { kind: "empty" } | { kind: "invalid"; reason: string };

/**
 * SPEC D4: an update is stored only if it decodes and applies to a scratch document.
 * Both checks are needed: each rejects corrupt updates that the other lets through.
 * An update without structs or deletions (a fresh client's answer to sync step 1)
 * is "empty": nothing to store or relay.
 *
 * The scratch document is skipped when applying could not integrate anything (`integratesNothing`):
 * the answer is the same, and it is most of the cost. Measured on 20,000 typed characters:
 * 62–68 µs per update with the scratch document, 2–3 µs decoding alone; at 1,000 documents the
 * worker thread spent 65 µs per update, two thirds of the event loop's own.
 */
export function checkUpdate(update: Uint8Array): UpdateCheck {
  return check(update, false);
}

/** The check with the scratch document always applied: what `checkUpdate` must answer (tests). */
export function checkUpdateByApplying(update: Uint8Array): UpdateCheck {
  return check(update, true);
}

/**
 * SPEC D4 without the scratch document: the answer when decoding alone gives it (every edit but a
 * client's first, see `integratesNothing`), null when only applying the update can tell. What the
 * event loop runs for a small update (Room, `inlineCheckMaxBytes`): linear in the update's bytes.
 */
export function checkUpdateQuickly(update: Uint8Array): UpdateCheck | null {
  return checkDecoded(update, false);
}

function check(update: Uint8Array, alwaysApply: boolean): UpdateCheck {
  const answer = checkDecoded(update, alwaysApply);
  if (answer !== null) return answer;
  // A fixed guid: Y.Doc's default draws a random uuid, 31 calls to the CSPRNG per update.
  const scratch = new Y.Doc({ guid: "accord-update-check", gc: false });
  try {
    Y.applyUpdate(scratch, update);
  } catch (error) {
    return { kind: "invalid", reason: `does not apply: ${errorMessage(error)}` };
  } finally {
    scratch.destroy();
  }
  return VALID;
}

/** Null: decoded, and only applying it to a scratch document can tell. */
function checkDecoded(update: Uint8Array, alwaysApply: boolean): UpdateCheck | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return { kind: "invalid", reason: `does not decode: ${errorMessage(error)}` };
  }
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return EMPTY;
  const forward = forwardReference(decoded.structs);
  if (forward !== null) return { kind: "invalid", reason: `does not apply: ${forward}` };
  if (!alwaysApply && integratesNothing(decoded)) return VALID;
  return null;
}

const VALID: UpdateCheck = Object.freeze({ kind: "valid" });
const EMPTY: UpdateCheck = Object.freeze({ kind: "empty" });

/**
 * Whether applying the update to an empty document surely only decodes it again (as
 * `Y.decodeUpdate` did, which refuses all it refuses), sets its structs and deletions aside as
 * pending and encodes them again, without throwing. In an empty document every client's clock is
 * 0, a struct integrates only at its client's clock, and that clock moves only when a struct
 * integrates: with no struct at clock 0 nothing ever does. That is every edit but a client's
 * first: typing depends on what the client made before.
 *
 * Encoding them again throws on a deletion of length 0, and may on a struct of length 0 (the
 * pending structs are searched by clock); a Skip struct or a client's structs in two places
 * are read differently by applying than by decoding. None comes from a real client; such an
 * update takes the scratch document. Found by the differential test (updateCheck.test.ts).
 */
function integratesNothing(decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  let client = -1;
  let nextClock = 0;
  const seen = new Set<number>();
  for (const struct of decoded.structs) {
    const { id, length } = struct;
    if (id.clock === 0 || length === 0 || struct instanceof Y.Skip) return false;
    if (id.client !== client) {
      if (seen.has(id.client)) return false;
      seen.add(id.client);
      client = id.client;
    } else if (id.clock !== nextClock) return false;
    nextClock = id.clock + length;
  }
  for (const ranges of decoded.ds.clients.values()) for (const range of ranges) if (range.len === 0) return false;
  return true;
}

/**
 * An item names as its left or right neighbour or its parent something its own client made
 * at the same time or later: impossible in a real edit (what an item refers to existed when
 * it was made). The scratch document cannot see it when the item depends on structs it
 * lacks — the item waits there — but applied to the real document it integrates and throws
 * halfway ("reading 'id'"), leaving the room's document corrupt. Found by the hostile-frames
 * fuzzer.
 */
function forwardReference(structs: ReturnType<typeof Y.decodeUpdate>["structs"]): string | null {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (ref instanceof Y.ID && ref.client === client && ref.clock >= clock)
        return `item ${client}:${clock} refers to ${ref.client}:${ref.clock}, made no earlier`;
    }
  }
  return null;
}

/**
 * What a client with nothing to add answers to sync step 1: an update with no structs
 * and no deletions, which the v1 encoding writes as two zero bytes.
 */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
