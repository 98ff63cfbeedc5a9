import { describe, expect, it } from "vitest";
import type { ClaimFinding } from "@accord/claims";
import type { StoredClaimCheck } from "../../server/src/store/claims.js";
import type { Store } from "../../server/src/store/Store.js";
import { buildRecommendation, buildTwoBriefs, ISO_PATTERN, type ContractHarness } from "./harness.js";

async function world(store: Store) {
  const { ada, bob, brief, sector, rec, elsewhere } = await buildTwoBriefs(store);
  const other = await buildRecommendation(store, sector, ada.id, "Build grids");
  return { ada, bob, brief, rec, other, far: elsewhere };
}

const MISMATCH: ClaimFinding = {
  id: "f_mismatch_1",
  kind: "mismatch",
  figure: { kind: "money", raw: "$614 billion", value: 614e9, unit: "USD", hedge: null },
  at: { block: 0, from: 12, to: 24 },
  sentence: "Mexico bought $614 billion of US goods.",
  passages: [
    {
      evidenceId: "ev1",
      citationId: null,
      figure: { kind: "money", raw: "$614.5 billion", value: 614.5e9, unit: "USD", hedge: null, start: 4, end: 18 },
    },
  ],
};

function check(
  rec: { id: string; briefId: string },
  findings: ClaimFinding[] = [MISMATCH],
): Omit<StoredClaimCheck, "checkedAt"> {
  return {
    recommendationId: rec.id,
    briefId: rec.briefId,
    findings,
    keys: [{ key: "money|USD|goods", figure: MISMATCH.figure, at: MISMATCH.at, sentence: MISMATCH.sentence }],
    counts: { mismatch: findings.length, unsupported: 0, notFound: 0, inconsistent: 0 },
  };
}

/** The claim check's findings and ignored findings (issue 19). */
export function defineClaimContract(harness: ContractHarness): void {
  describe("claim checks", () => {
    it("stores a recommendation's check, replaces it, and lists the brief's", async () => {
      const store = await harness.open();
      const { rec, other, far, brief } = await world(store);
      expect(await store.getClaimCheck(rec.id)).toBeNull();
      const first = await store.putClaimCheck(check(rec));
      expect(first).toEqual({ ...check(rec), checkedAt: expect.stringMatching(ISO_PATTERN) });
      expect(await store.getClaimCheck(rec.id)).toEqual(first);

      const second = await store.putClaimCheck(check(rec, []));
      expect(second!.checkedAt >= first!.checkedAt).toBe(true);
      expect(await store.getClaimCheck(rec.id)).toEqual(second);
      expect(second!.findings).toEqual([]);

      const otherCheck = await store.putClaimCheck(check(other));
      await store.putClaimCheck(check(far));
      const listed = await store.listClaimChecks(brief.id);
      expect(listed.sort((a, b) => a.recommendationId.localeCompare(b.recommendationId))).toEqual(
        [second, otherCheck].sort((a, b) => a!.recommendationId.localeCompare(b!.recommendationId)),
      );
      expect(await store.listClaimChecks("no-such-brief")).toEqual([]);
    });

    it("stores nothing for a recommendation that does not exist", async () => {
      const store = await harness.open();
      const { rec } = await world(store);
      expect(await store.putClaimCheck(check({ id: "no-such-recommendation", briefId: rec.briefId }))).toBeNull();
      expect(await store.getClaimCheck("no-such-recommendation")).toBeNull();
      expect(await store.listClaimChecks(rec.briefId)).toEqual([]);
    });

    it("ignores a finding with a reason, replaces the reason, un-ignores it", async () => {
      const store = await harness.open();
      const { ada, bob, rec, other } = await world(store);
      expect(await store.listClaimIgnores(rec.id)).toEqual([]);
      const first = await store.putClaimIgnore({
        recommendationId: rec.id,
        findingId: "f1",
        reason: "The report rounds.",
        userId: ada.id,
      });
      expect(first).toEqual({
        recommendationId: rec.id,
        findingId: "f1",
        reason: "The report rounds.",
        userId: ada.id,
        createdAt: expect.stringMatching(ISO_PATTERN),
      });
      const second = await store.putClaimIgnore({
        recommendationId: rec.id,
        findingId: "f2",
        reason: "Other year.",
        userId: bob.id,
      });
      await store.putClaimIgnore({ recommendationId: other.id, findingId: "f1", reason: "Elsewhere.", userId: ada.id });
      expect(await store.listClaimIgnores(rec.id)).toEqual([first, second]);

      const replaced = await store.putClaimIgnore({
        recommendationId: rec.id,
        findingId: "f1",
        reason: "Checked with the author.",
        userId: bob.id,
      });
      expect(replaced).toMatchObject({ reason: "Checked with the author.", userId: bob.id });
      expect(await store.listClaimIgnores(rec.id)).toEqual([second, replaced]);

      expect(await store.deleteClaimIgnore(rec.id, "f2")).toBe(true);
      expect(await store.deleteClaimIgnore(rec.id, "f2")).toBe(false);
      expect(await store.listClaimIgnores(rec.id)).toEqual([replaced]);
      expect(await store.listClaimIgnores(other.id)).toHaveLength(1);
      expect(
        await store.putClaimIgnore({
          recommendationId: "no-such-recommendation",
          findingId: "f1",
          reason: "x",
          userId: ada.id,
        }),
      ).toBeNull();
      expect(await store.listClaimIgnores("no-such-recommendation")).toEqual([]);
    });

    it("goes with its recommendation", async () => {
      const store = await harness.open();
      const { ada, rec, other } = await world(store);
      await store.putClaimCheck(check(rec));
      const kept = await store.putClaimCheck(check(other));
      await store.putClaimIgnore({ recommendationId: rec.id, findingId: "f1", reason: "Rounded.", userId: ada.id });
      const keptIgnore = await store.putClaimIgnore({
        recommendationId: other.id,
        findingId: "f1",
        reason: "Rounded.",
        userId: ada.id,
      });
      expect(await store.deleteRecommendation(rec.id)).toBe(true);
      expect(await store.getClaimCheck(rec.id)).toBeNull();
      expect(await store.listClaimIgnores(rec.id)).toEqual([]);
      expect(await store.listClaimChecks(rec.briefId)).toEqual([kept]);
      expect(await store.listClaimIgnores(other.id)).toEqual([keptIgnore]);
    });

    it("keeps checks and ignores across close and reopen", async () => {
      const first = await harness.open();
      const { ada, rec } = await world(first);
      const stored = await first.putClaimCheck(check(rec));
      const ignore = await first.putClaimIgnore({
        recommendationId: rec.id,
        findingId: MISMATCH.id,
        reason: "Rounded.",
        userId: ada.id,
      });
      await first.close();
      const second = await harness.open();
      expect(await second.getClaimCheck(rec.id)).toEqual(stored);
      expect(await second.listClaimIgnores(rec.id)).toEqual([ignore]);
    });
  });
}
