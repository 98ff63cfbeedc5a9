import { skippedUnless } from "../../../test/helpers/skipped.js";
import { type ClaimsView, ClientEvent, ServerEvent } from "@accord/protocol";
import type { Socket } from "socket.io-client";
import { beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import {
  ApiClient,
  addMember,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
} from "../../../test/helpers/api.js";
import { citation, paragraph } from "../../../test/helpers/bodyNodes.js";
import { eventually } from "../../../test/helpers/eventually.js";
import { connectEvents, emitWithAck } from "../../../test/helpers/events.js";
import { redisServerMissing, type TestRedis } from "../../../test/helpers/redisServer.js";
import type { TestServer } from "../../../test/helpers/startServer.js";
import { useTwoProcesses } from "../../../test/helpers/twoProcesses.js";
import { getReport, passagesOf, upload } from "../../../test/integration/evidenceSupport.js";
import { type Editor, openEditor, storedBody } from "../../../test/integration/reviewSupport.js";
import { createLogger } from "../logger.js";
import { leaseName } from "../cluster/Leases.js";
import { connectRedis } from "../cluster/redis.js";

/**
 * The claim check (issue 19) with two Accord servers on one Redis and one SQLite file, as two
 * processes run them (test/helpers/twoProcesses.ts): each process checks the edits it stored,
 * and a brief's checks hold the brief's lease (ClaimTracker K2), so that one process checks at a
 * time, each check writes its row once, and a check a dead holder left is done by the other.
 */

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED server/src/claims/claimsTwoProcesses.test.ts: ${missing}`);

/**
 * Short, so that a holder that dies frees the brief's lease within the test: renewed every
 * 500 ms while its work runs (Leases L2), gone 1.5 s after the last renewal.
 */
const LEASE_TTL_MS = 1_500;
/** A test waits up to 30 s for the first checks (team()): more than vitest's default for the whole test. */
const TEST_TIMEOUT_MS = 60_000;
/** How much longer the interleaving test makes each write of a check's row. */
const SLOW_WRITE_MS = 150;
const SETTINGS = { leaseTtlMs: LEASE_TTL_MS, presenceSettleMs: 0 };
/**
 * How long a process waits for another's check of the edits it stored before checking them
 * itself (ClaimTracker K6): the check's longest wait (CLAIM_CHECK_MAX_WAIT_MS, 1 s by default)
 * plus the lease's life.
 */
const GRACE_MS = 1_000 + LEASE_TTL_MS;

/** Lines of a report of our own: each states one figure a body can agree or disagree with. */
const REPORT = `# Trade and power across the border

Mexico imported $614.5 billion of goods from the United States in 2023, a record.

Natural gas generated 62 percent of Mexico's electricity in 2022.
`;

const IMPORTS_SENTENCE = (figure: string) => `Mexico imported ${figure} of US goods in 2023.`;
const GAS_SENTENCE = (figure: string) => `Natural gas generated ${figure} of Mexico's electricity in 2022.`;

/** Kind and figure of each finding, in body order. */
const summary = (view: ClaimsView) => view.findings.map((finding) => [finding.kind, finding.figure.raw]);

/** Types `typed` into the text a few characters at a time, as a person does. */
function typeInto(text: Y.XmlText, at: number, typed: string): void {
  for (let i = 0; i < typed.length; i += 7) text.insert(at + i, typed.slice(i, i + 7));
}

/** Replaces `before` with `after` in the text, as a person selecting a figure and typing over it. */
function retype(text: Y.XmlText, before: string, after: string): void {
  const at = text.toString().indexOf(before);
  if (at < 0) throw new Error(`"${before}" is not in "${text.toString()}"`);
  text.doc!.transact(() => {
    text.delete(at, before.length);
    text.insert(at, after);
  });
}

/** The first Y.XmlText of the body's n-th paragraph (the sentence before its citation). */
const sentenceOf = (editor: Editor, n: number) => (editor.body.get(n) as Y.XmlElement).get(0) as Y.XmlText;

/** A pause the test's script makes (a writer's rhythm, a slow write it plays): never a wait for a result. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(missing !== null)(
  skippedUnless("claim check with two processes, one Redis, one SQLite file", missing),
  () => {
    const { started, cleanups } = useTwoProcesses("accord-claims-two-", SETTINGS);
    let redis: TestRedis;
    let one: TestServer;
    let two: TestServer;
    // The same two people in every test's own brief (a signup hashes a password: slow on purpose).
    let lead: ApiClient;
    let editor: ApiClient;
    beforeAll(async () => {
      ({ redis, one, two } = started());
      lead = await buildUser(one.url, "Lena Lead");
      editor = await buildUser(one.url, "Ed Editor");
    });

    /** Every check the server's tracker runs from now on (the recommendation checked), until the test's cleanups. */
    function checksOn(node: TestServer): string[] {
      const tracker = node.server.claims as unknown as { check: (id: string) => Promise<void> };
      const check = tracker.check;
      const checked: string[] = [];
      tracker.check = (id: string) => {
        checked.push(id);
        return check.call(tracker, id);
      };
      cleanups.push(() => {
        delete (tracker as { check?: unknown }).check;
      });
      return checked;
    }

    /** The same person's session used against another server (the cookie is the session). */
    function on(node: TestServer, client: ApiClient): ApiClient {
      const other = new ApiClient(node.url);
      other.cookie = client.cookie;
      other.user = client.user;
      return other;
    }

    async function claims(node: TestServer, client: ApiClient, base: string): Promise<ClaimsView> {
      const res = await on(node, client).get(`${base}/claims`);
      if (res.status !== 200) throw new Error(`claims: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as ClaimsView;
    }

    async function openEvents(node: TestServer, client: ApiClient, briefId: string): Promise<unknown[]> {
      const socket: Socket = await connectEvents(on(node, client));
      cleanups.push(() => socket.disconnect());
      const announced: unknown[] = [];
      socket.on(ServerEvent.ClaimsUpdated, (event) => announced.push(event));
      expect(await emitWithAck(socket, ClientEvent.BriefJoin, { briefId })).toEqual({ ok: true });
      return announced;
    }

    /** Waits until the store holds a body whose XML includes every piece. */
    async function stored(recId: string, ...pieces: string[]): Promise<void> {
      await eventually(async () => {
        const xml = await storedBody(one, recId);
        return pieces.every((piece) => xml.includes(piece));
      });
    }

    /**
     * A brief of the lead's with the editor; the report imported on server one. The editor writes
     * on server one and the lead on server two; each has typed one cited sentence (the body's two
     * paragraphs), and each server has run a check (its worker loaded, the brief's report index
     * built), so that what a test measures is a check after a pause, not a worker starting.
     */
    async function team() {
      const brief = await buildBrief(lead);
      await addMember(lead, editor, brief.id, "editor");
      const sector = await buildSector(lead, brief.id);
      const rec = await buildRecommendation(lead, brief.id, sector.id);
      const imported = await upload(lead, brief.id, {
        name: "trade.md",
        bytes: new TextEncoder().encode(REPORT),
        type: "text/markdown",
      });
      expect(imported.status).toBe(201);
      const passages = passagesOf(await getReport(lead, brief.id, imported.body.report.id));
      const evidence = (text: string) => passages.find((passage) => passage.text.includes(text))!.id;

      const editorsDocument = await openEditor(one, editor, rec.id);
      const leadsDocument = await openEditor(two, lead, rec.id);
      editorsDocument.body.insert(0, [paragraph("", citation(evidence("$614.5 billion")))]);
      await eventually(() => leadsDocument.body.length === 1);
      leadsDocument.body.insert(1, [paragraph("", citation(evidence("62 percent")))]);
      await eventually(() => editorsDocument.body.length === 2);
      typeInto(sentenceOf(editorsDocument, 0), 0, IMPORTS_SENTENCE("$640 billion"));
      typeInto(sentenceOf(leadsDocument, 1), 0, GAS_SENTENCE("62 percent"));
      const base = `/api/briefs/${brief.id}/recommendations/${rec.id}`;
      // The first checks load each server's claim worker (seconds under tsx on a busy machine).
      await eventually(
        async () => {
          expect(one.server.claims.lastTiming).not.toBeNull();
          expect(two.server.claims.lastTiming).not.toBeNull();
          expect(summary(await claims(one, editor, base))).toEqual([["mismatch", "$640 billion"]]);
        },
        { timeoutMs: 30_000 },
      );
      return { brief, rec, base, editorsDocument, leadsDocument };
    }

    /**
     * Freezes the dying server's next check of a brief where it holds the brief's `lease`, having
     * read and written nothing. (One test process cannot SIGKILL one of its servers, and a spawned
     * process keeps a lease 30 s: what Redis and the other server see is played here.) Gives:
     * `holding`, settled once the frozen check has begun; `kill()`, after which the dying server
     * neither renews nor releases the lease (Redis keeps the key until it expires, as after a
     * SIGKILL) and its pending checks are lost (K5); `writes`, every row either server writes for
     * `recId`, in order; `restore()`, which makes the dying server whole again and ends the frozen
     * check with an error. Call `restore()` in the test's `finally`.
     */
    function freezeChecks(dying: TestServer, recId: string, lease: string) {
      const tracker = dying.server.claims as unknown as {
        check: (id: string) => Promise<void>;
        pending: { takeAll(): string[] };
      };
      let reject!: (error: Error) => void;
      const frozen = new Promise<never>((_, rejectFrozen) => {
        reject = rejectFrozen;
      });
      frozen.catch(() => {});
      let entered!: () => void;
      const holding = new Promise<void>((resolve) => {
        entered = resolve;
      });
      tracker.check = async () => {
        entered();
        await frozen;
      };
      const command = dying.link!.command as unknown as { eval: (...args: unknown[]) => Promise<unknown> };
      const evaluate = command.eval;
      const writes: Array<{ node: string; at: number }> = [];
      const restores: Array<() => void> = [
        () => {
          delete (tracker as { check?: unknown }).check;
          command.eval = evaluate;
        },
      ];
      for (const [node, server] of [
        ["one", one],
        ["two", two],
      ] as const) {
        const { store } = server;
        const putClaimCheck = store.putClaimCheck;
        store.putClaimCheck = async (row) => {
          if (row.recommendationId === recId) writes.push({ node, at: Date.now() });
          return putClaimCheck.call(store, row);
        };
        restores.push(() => {
          store.putClaimCheck = putClaimCheck;
        });
      }
      return {
        holding,
        writes,
        kill() {
          command.eval = (...args: unknown[]) =>
            args[2] === lease ? Promise.reject(new Error("the process was killed")) : evaluate.apply(command, args);
          tracker.pending.takeAll();
        },
        restore() {
          for (const restore of restores) restore();
          reject(new Error("the process was killed"));
        },
      };
    }

    it(
      "two editors on two processes: either process answers the same findings within 1 s of the last stored update, and claims.updated reaches members on both",
      async () => {
        const { brief, rec, base, editorsDocument, leadsDocument } = await team();
        const leadOnTwo = await openEvents(two, lead, brief.id);
        const editorOnOne = await openEvents(one, editor, brief.id);

        // The editor (server one) corrects the imports figure; the lead (server two) mistypes the gas share.
        retype(sentenceOf(editorsDocument, 0), "$640 billion", "$614.5 billion");
        retype(sentenceOf(leadsDocument, 1), "62 percent", "26 percent");
        await stored(rec.id, IMPORTS_SENTENCE("$614.5 billion"), GAS_SENTENCE("26 percent"));
        const lastStored = performance.now();
        const [fromOne, fromTwo] = await eventually(
          async () => {
            const views = await Promise.all([claims(one, editor, base), claims(two, lead, base)]);
            for (const view of views) expect(summary(view)).toEqual([["mismatch", "26 percent"]]);
            return views;
          },
          { timeoutMs: 1_000 },
        );
        console.info(
          `claims (two processes): findings on both ${Math.round(performance.now() - lastStored)} ms after the last stored update`,
        );
        expect(fromTwo).toEqual(fromOne);
        expect(fromOne.counts).toEqual({ mismatch: 1, unsupported: 0, notFound: 0, inconsistent: 0 });
        expect(fromOne.findings[0]).toMatchObject({
          at: { block: 1, from: 22, to: 32 },
          sentence: GAS_SENTENCE("26 percent"),
          passages: [{ figure: { raw: "62 percent", value: 62 } }],
        });

        // Whichever process checked, the event reaches a member on each: one of them through Redis.
        const event = {
          type: ServerEvent.ClaimsUpdated,
          briefId: brief.id,
          recommendationId: rec.id,
          counts: { mismatch: 1, unsupported: 0, notFound: 0, inconsistent: 0 },
        };
        await eventually(() => {
          expect(leadOnTwo.at(-1)).toEqual(event);
          expect(editorOnOne.at(-1)).toEqual(event);
        });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      "[K2] interleaved edits on both processes: one check at a time across them, each writes the row once, and the row ends equal to the final text",
      async () => {
        const { rec, base, editorsDocument, leadsDocument } = await team();
        // Every check each tracker runs (under the brief's lease) and every row it writes for `rec`.
        const checks: Array<{ node: string; start: number; end: number; writes: number }> = [];
        const strays: string[] = [];
        for (const [node, server] of [
          ["one", one],
          ["two", two],
        ] as const) {
          const tracker = server.server.claims as unknown as { check: (id: string) => Promise<void> };
          const check = tracker.check;
          const current: { run: (typeof checks)[number] | null } = { run: null };
          tracker.check = async (id: string) => {
            const run = { node, start: performance.now(), end: Number.POSITIVE_INFINITY, writes: 0 };
            checks.push(run);
            current.run = run;
            try {
              await check.call(tracker, id);
            } finally {
              run.end = performance.now();
              current.run = null;
            }
          };
          const { store } = server;
          const putClaimCheck = store.putClaimCheck;
          store.putClaimCheck = async (row) => {
            if (row.recommendationId === rec.id) {
              if (current.run) current.run.writes += 1;
              else strays.push(`${node} wrote outside a check`);
              // A slow write (a long body, a busy disk): the check holds the lease from reading the
              // body to storing its findings, so without the lease the two processes' checks overlap.
              await pause(SLOW_WRITE_MS);
            }
            return putClaimCheck.call(store, row);
          };
          cleanups.push(() => {
            delete (tracker as { check?: unknown }).check;
            store.putClaimCheck = putClaimCheck;
          });
        }

        // Each writer retypes a figure every 150–350 ms: checks fall due on both processes while
        // the other's may be running (the debounce is 300 ms, the longest wait 1 s).
        const imports = sentenceOf(editorsDocument, 0);
        const gas = sentenceOf(leadsDocument, 1);
        const steps: Array<[Y.XmlText, string, string, number]> = [
          [imports, "$640 billion", "$650 billion", 150],
          [gas, "62 percent", "26 percent", 150],
          [imports, "$650 billion", "$614.5 billion", 350],
          [gas, "26 percent", "62 percent", 150],
          [imports, "$614.5 billion", "$660 billion", 350],
          [gas, "62 percent", "36 percent", 150],
          [imports, "$660 billion", "$690 billion", 320],
          [gas, "36 percent", "26 percent", 0],
        ];
        for (const [text, before, after, rhythmMs] of steps) {
          retype(text, before, after);
          await pause(rhythmMs);
        }
        await stored(rec.id, IMPORTS_SENTENCE("$690 billion"), GAS_SENTENCE("26 percent"));
        const final = [
          ["mismatch", "$690 billion"],
          ["mismatch", "26 percent"],
        ];
        await eventually(
          async () => {
            for (const node of [one, two]) expect(summary(await claims(node, editor, base))).toEqual(final);
          },
          // Each check here spends SLOW_WRITE_MS more, and a check that met the other's lease tries again after the debounce.
          { timeoutMs: 2_000 },
        );
        // Nothing still pending or running on either process writes anything older afterwards.
        await Promise.all([one.server.claims.flush(), two.server.claims.flush()]);
        const settled = await one.store.getClaimCheck(rec.id);
        expect(settled?.findings.map((finding) => [finding.kind, finding.figure.raw])).toEqual(final);
        expect(settled?.counts).toEqual({ mismatch: 2, unsupported: 0, notFound: 0, inconsistent: 0 });

        // Both processes checked; never two checks at once; each check wrote the row at most once.
        expect(new Set(checks.map((check) => check.node))).toEqual(new Set(["one", "two"]));
        const inOrder = [...checks].sort((a, b) => a.start - b.start);
        for (const [i, check] of inOrder.entries()) {
          if (i > 0) expect(check.start).toBeGreaterThanOrEqual(inOrder[i - 1]!.end);
          expect(check.writes).toBeLessThanOrEqual(1);
        }
        expect(strays).toEqual([]);
        console.info(
          `claims (two processes): ${checks.length} checks (${checks.filter((c) => c.node === "one").length} on one) for ${steps.length} edits`,
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      "[K2] the process holding the brief's lease dies mid-check: the other waits out the lease and completes the check, with the dead one's last edit",
      async () => {
        const { brief, rec, base, editorsDocument, leadsDocument } = await team();
        const lease = leaseName.claims(brief.id);
        // Server two is the one that dies, and is whole again after the test.
        const frozen = freezeChecks(two, rec.id, lease);
        const { writes } = frozen;
        const link = await connectRedis(redis.url, { logger: createLogger("silent"), connectTimeoutMs: 5_000 });
        try {
          // The lead (on server two) changes the gas share; server two stores it, and its check
          // holds the brief's lease.
          retype(sentenceOf(leadsDocument, 1), "62 percent", "26 percent");
          await frozen.holding;
          await stored(rec.id, GAS_SENTENCE("26 percent"));
          expect(await link.command.exists(lease)).toBe(1);

          // Killed: it neither renews nor releases the lease any more (Redis keeps the key until it
          // expires, as after a SIGKILL), its document socket is gone, and its pending checks (K5).
          frozen.kill();
          leadsDocument.provider.destroy();
          const leaseLeftMs = await link.command.pttl(lease);
          expect(leaseLeftMs).toBeGreaterThan(0);
          const expiresAt = Date.now() + leaseLeftMs;
          writes.length = 0;

          // The editor on server one types meanwhile: server one's check waits for the lease. (Had
          // nobody typed on server one, it would check the dead process's edit after the grace,
          // ClaimTracker K6: the next test.)
          retype(sentenceOf(editorsDocument, 0), "$640 billion", "$690 billion");
          await stored(rec.id, IMPORTS_SENTENCE("$690 billion"), GAS_SENTENCE("26 percent"));
          const view = await eventually(
            async () => {
              const current = await claims(one, editor, base);
              expect(summary(current)).toEqual([
                ["mismatch", "$690 billion"],
                ["mismatch", "26 percent"],
              ]);
              return current;
            },
            // The lease's expiry, then server one's next try (its debounce, 300 ms) and its check.
            { timeoutMs: LEASE_TTL_MS + 3_000 },
          );
          console.info(
            `claims (two processes): checked ${Date.now() - expiresAt} ms after the dead holder's lease expired`,
          );
          expect(view.counts).toEqual({ mismatch: 2, unsupported: 0, notFound: 0, inconsistent: 0 });
          // Server one wrote it, and only once the dead holder's lease had expired; the dead one never did.
          expect(writes.length).toBeGreaterThan(0);
          for (const write of writes) {
            expect(write.node).toBe("one");
            expect(write.at).toBeGreaterThanOrEqual(expiresAt - 20);
          }
        } finally {
          frozen.restore();
          await link.close();
        }
      },
      TEST_TIMEOUT_MS,
    );

    it(
      "[K6] the process that stored an edit dies mid-check: the other, holding the document open with nothing of its own pending, checks it within the grace + 1 s — and checks nothing of the other's while it lives",
      async () => {
        const { brief, rec, base, leadsDocument } = await team();
        // What each server heard of the other's typing in team() is settled first: it counts from here.
        await eventually(
          () => {
            for (const node of [one, two])
              expect(node.server.claims.remoteChanges).toMatchObject({ watched: 0, settling: 0 });
          },
          { timeoutMs: GRACE_MS + 1_000 },
        );
        await one.server.claims.flush();
        const checkedOnOne = checksOn(one);
        const before = one.server.claims.remoteChanges;

        // Alive: the lead (server two) changes the gas share; server two checks it, and server one,
        // which only heard of it, sees that check stored within the grace and checks nothing.
        retype(sentenceOf(leadsDocument, 1), "62 percent", "36 percent");
        await stored(rec.id, GAS_SENTENCE("36 percent"));
        await eventually(
          () =>
            expect(one.server.claims.remoteChanges).toMatchObject({
              watched: 0,
              settling: 0,
              settled: before.settled + 1,
            }),
          { timeoutMs: GRACE_MS + 1_000 },
        );
        expect(summary(await claims(one, editor, base))).toEqual([
          ["mismatch", "$640 billion"],
          ["mismatch", "36 percent"],
        ]);
        expect(one.server.claims.remoteChanges).toMatchObject({ unchecked: before.unchecked, forgotten: 0 });
        expect(checkedOnOne).toEqual([]);

        // Dead: server two's next check of the brief stops where it holds the lease (as in the test
        // before), and nobody types on server one, which has nothing of its own pending.
        const lease = leaseName.claims(brief.id);
        const frozen = freezeChecks(two, rec.id, lease);
        try {
          const changed = performance.now();
          retype(sentenceOf(leadsDocument, 1), "36 percent", "26 percent");
          await frozen.holding;
          await stored(rec.id, GAS_SENTENCE("26 percent"));
          // Killed: no renewal, no release, its document socket gone, its pending checks lost (K5).
          frozen.kill();
          leadsDocument.provider.destroy();

          // Measured from the edit itself, before server one even heard of it.
          const elapsed = () => performance.now() - changed;
          const view = await eventually(
            async () => {
              const current = await claims(one, editor, base);
              expect(summary(current)).toEqual([
                ["mismatch", "$640 billion"],
                ["mismatch", "26 percent"],
              ]);
              return current;
            },
            { timeoutMs: Math.max(0, GRACE_MS + 1_000 - elapsed()) },
          );
          console.info(
            `claims (two processes): the dead process's edit checked by the other ${Math.round(elapsed())} ms after it was made (grace ${GRACE_MS} ms)`,
          );
          expect(view.counts).toEqual({ mismatch: 2, unsupported: 0, notFound: 0, inconsistent: 0 });
          expect(checkedOnOne).toEqual([rec.id]);
          expect(one.server.claims.remoteChanges).toMatchObject({
            watched: 0,
            settling: 0,
            settled: before.settled + 2,
            unchecked: before.unchecked + 1,
            forgotten: 0,
          });
          expect(new Set(frozen.writes.map((write) => write.node))).toEqual(new Set(["one"]));
        } finally {
          frozen.restore();
        }
      },
      TEST_TIMEOUT_MS,
    );
  },
);
