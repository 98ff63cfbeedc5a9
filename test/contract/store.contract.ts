import { describe, expect, it } from "vitest";
import type { Store } from "../../server/src/store/Store.js";
import { defineCitationContract } from "./citationContract.js";
import { defineClaimContract } from "./claimContract.js";
import { defineDomainContract } from "./domainContract.js";
import { defineReportContract } from "./reportContract.js";
import { defineNotificationContract } from "./notificationContract.js";
import { defineReviewContract } from "./reviewContract.js";
import { defineVersionContract } from "./versionContract.js";
import { buildBrief, buildRecommendation, buildSector, buildUser, openEach, type OpenOptions } from "./harness.js";

/**
 * The behaviour every Store adapter must have. An adapter's test file calls this
 * with `open`, which opens the current test's storage (creating it on first use;
 * opening again reopens the same data), and `cleanup`, which removes that storage
 * after the suite has closed every store the test opened.
 */
export function describeStoreContract(
  name: string,
  open: (options?: OpenOptions) => Promise<Store>,
  cleanup: () => Promise<void>,
): void {
  describe(`Store contract: ${name}`, () => {
    const harness = openEach(open, cleanup);

    defineDomainContract(harness);
    defineReportContract(harness);
    defineReviewContract(harness);
    defineCitationContract(harness);
    defineNotificationContract(harness);
    defineVersionContract(harness);
    defineClaimContract(harness);

    describe("persistence", () => {
      it("ready() resolves, and the store works after it (the server listens once it has)", async () => {
        const store = await harness.open();
        await expect(store.ready()).resolves.toBeUndefined();
        const ada = await buildUser(store, { name: "Ada", email: "ada@example.org" });
        expect(await store.findUserByEmail("ada@example.org")).toEqual({ ...ada, passwordHash: "hash-of-Ada" });
      });

      it("keeps everything across close and reopen", async () => {
        const first = await harness.open();
        const ada = await buildUser(first, { name: "Ada", email: "ada@example.org" });
        const brief = await buildBrief(first, ada.id);
        const sector = await buildSector(first, brief.id, "Energy");
        const rec = await buildRecommendation(first, sector, ada.id, "Price carbon");
        await first.createSession({ idHash: "s", userId: ada.id, expiresAt: "2999-01-01T00:00:00.000Z" });
        await first.appendUpdates(rec.id, [Uint8Array.of(1, 2)]);
        await first.compactDocument(rec.id, () => Uint8Array.of(7, 7, 7));
        await first.appendUpdates(rec.id, [Uint8Array.of(3)]);
        await first.close();

        const second = await harness.open();
        expect(await second.findUserByEmail("ada@example.org")).toEqual({ ...ada, passwordHash: "hash-of-Ada" });
        expect(await second.getSession("s")).toEqual({ userId: ada.id, expiresAt: "2999-01-01T00:00:00.000Z" });
        expect(await second.listBriefsForUser(ada.id)).toEqual([{ ...brief, role: "lead" }]);
        expect(await second.listSectors(brief.id)).toEqual([sector]);
        expect(await second.listRecommendations(brief.id)).toEqual([rec]);
        expect(await second.loadDocument(rec.id)).toEqual({
          snapshot: Uint8Array.of(7, 7, 7),
          updates: [Uint8Array.of(3)],
        });
        expect(await second.documentStats(rec.id)).toEqual({ updateCount: 1, updateBytes: 1 });
        // The log goes on where it stopped.
        await second.appendUpdates(rec.id, [Uint8Array.of(4)]);
        expect((await second.loadDocument(rec.id)).updates).toEqual([Uint8Array.of(3), Uint8Array.of(4)]);
      });
    });
  });
}
