import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "@accord/protocol";
import type { ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { type TestServer, useServer } from "../helpers/startServer.js";
import {
  anchorOn,
  type Editor,
  openEditor,
  paragraphText,
  reviewTeam,
  storedBody,
  writeBody,
} from "./reviewSupport.js";

/** The ProseMirror JSON of a body that is one paragraph of `text`. */
function bodyOf(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

/** Replaces the editor's only paragraph's text and waits until the server stored it. */
async function retype(server: TestServer, editor: Editor, recId: string, text: string): Promise<void> {
  const paragraph = paragraphText(editor);
  paragraph.delete(0, paragraph.length);
  paragraph.insert(0, text);
  await eventually(async () => (await storedBody(server, recId)) === `<paragraph>${text}</paragraph>`);
}

const id = (client: ApiClient) => client.user!.id;

/** Versions of a recommendation's body through the real server (issue 18; rules V1–V7 in server/src/versions/Versions.ts). */
describe("versions", () => {
  const server = useServer();
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  it("every transition saves the body as it stood, named by the move, authored by whoever moved it, with the new status", async () => {
    const { lead, editor, reviewer, base, rec, brief } = await reviewTeam(server());
    const socket = await connectEvents(reviewer);
    sockets.push(socket);
    const announced: any[] = [];
    socket.on(ServerEvent.VersionCreated, (event) => announced.push(event));
    expect(await emitWithAck(socket, ClientEvent.RecommendationJoin, { recommendationId: rec.id })).toEqual({
      ok: true,
    });

    const writer = await writeBody(server(), editor, rec.id, "Tax carbon at 100 EUR/t.");
    const moves: Array<[ApiClient, string, string]> = [
      [editor, "in_review", "Tax carbon at 100 EUR/t."],
      [reviewer, "changes_requested", "Tax carbon at 100 EUR/t."],
      [editor, "in_review", "Tax carbon at 120 EUR/t."],
      [editor, "draft", "Tax carbon at 120 EUR/t."],
      [lead, "in_review", "Tax carbon at 120 EUR/t."],
      [lead, "approved", "Tax carbon at 120 EUR/t."],
      [lead, "draft", "Tax carbon at 120 EUR/t."],
    ];
    for (const [who, to, text] of moves) {
      if ((await storedBody(server(), rec.id)) !== `<paragraph>${text}</paragraph>`) {
        await retype(server(), writer, rec.id, text);
      }
      expect((await who.post(`${base}/transitions`, { to })).status).toBe(200);
    }

    const listed = await reviewer.get(`${base}/versions`);
    expect(listed.status).toBe(200);
    const summaries = listed.body.versions;
    expect(summaries.map((v: any) => [v.kind, v.name, v.authorIds, v.status, v.restoredFrom])).toEqual([
      ["transition", "Reopened", [id(lead)], "draft", null],
      ["transition", "Approved", [id(lead)], "approved", null],
      ["transition", "Submitted for review", [id(lead)], "in_review", null],
      ["transition", "Returned to draft", [id(editor)], "draft", null],
      ["transition", "Submitted for review", [id(editor)], "in_review", null],
      ["transition", "Changes requested", [id(reviewer)], "changes_requested", null],
      ["transition", "Submitted for review", [id(editor)], "in_review", null],
    ]);
    const oldest = await reviewer.get(`${base}/versions/${summaries[6].id}`);
    expect(oldest.status).toBe(200);
    expect(oldest.body).toEqual({ version: summaries[6], body: bodyOf("Tax carbon at 100 EUR/t.") });
    expect((await reviewer.get(`${base}/versions/${summaries[4].id}`)).body.body).toEqual(
      bodyOf("Tax carbon at 120 EUR/t."),
    );
    // Each save was announced to the recommendation's room, with its summary.
    await eventually(() => expect(announced).toHaveLength(7));
    expect(announced.map((event) => event.version.id)).toEqual(summaries.map((v: any) => v.id).reverse());
    expect(announced[0]).toEqual({
      type: "version.created",
      briefId: brief.id,
      recommendationId: rec.id,
      version: summaries[6],
    });
  });

  it("editors and leads name a version; reviewers and viewers may not; a bad name is refused naming the field", async () => {
    const { lead, editor, reviewer, viewer, base, rec } = await reviewTeam(server());
    await writeBody(server(), editor, rec.id, "Build grid links.");

    const named = await editor.post(`${base}/versions`, { name: "  Before the call  " });
    expect(named.status).toBe(201);
    expect(named.body.version).toEqual({
      id: expect.any(String),
      recommendationId: rec.id,
      kind: "named",
      name: "Before the call",
      authorIds: [id(editor)],
      status: "draft",
      createdAt: expect.any(String),
      restoredFrom: null,
    });
    expect((await lead.post(`${base}/versions`, { name: "Lead's" })).status).toBe(201);

    for (const refused of [reviewer, viewer]) {
      const res = await refused.post(`${base}/versions`, { name: "Mine" });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    const refusals: Array<[unknown, string]> = [
      [{ name: "x".repeat(121) }, "name"],
      [{ name: "   " }, "name"],
      [{}, "name"],
      [{ name: 12 }, "name"],
      [{ name: "A", restoredFrom: named.body.version.id }, "restoredFrom"],
      [{ restoredFrom: "not an id!" }, "restoredFrom"],
    ];
    for (const [body, field] of refusals) {
      const res = await editor.post(`${base}/versions`, body);
      expect([res.status, res.body.error.field]).toEqual([400, field]);
    }
    expect((await editor.post(`${base}/versions`, { name: "x".repeat(120) })).status).toBe(201);

    const listed = (await viewer.get(`${base}/versions`)).body.versions;
    expect(listed.map((v: any) => [v.name.length > 20 ? "120 x" : v.name, v.authorIds])).toEqual([
      ["120 x", [id(editor)]],
      ["Lead's", [id(lead)]],
      ["Before the call", [id(editor)]],
    ]);
    expect((await viewer.get(`${base}/versions/${named.body.version.id}`)).body.body).toEqual(
      bodyOf("Build grid links."),
    );
  });

  it("a version is found only under its own recommendation; unknown ids are 404", async () => {
    const team = await reviewTeam(server());
    const { lead, base, brief, sector } = team;
    const saved = await lead.post(`${base}/versions`, { name: "Empty" });
    const other = await lead.post(`/api/briefs/${brief.id}/recommendations`, { sectorId: sector.id, title: "Other" });
    const otherBase = `/api/briefs/${brief.id}/recommendations/${other.body.recommendation.id}`;
    expect((await lead.get(`${otherBase}/versions/${saved.body.version.id}`)).status).toBe(404);
    expect((await lead.post(`${otherBase}/versions`, { restoredFrom: saved.body.version.id })).status).toBe(404);
    expect((await lead.get(`${base}/versions/no-such-version`)).status).toBe(404);
    expect((await lead.get(`${otherBase}/versions`)).body).toEqual({ versions: [] });
    // The empty body is a document with nothing in it.
    expect((await lead.get(`${base}/versions/${saved.body.version.id}`)).body.body).toEqual({ type: "doc" });
  });

  it("a restore is recorded as “Restored <name>” with the body the client put back", async () => {
    const { editor, lead, base, rec } = await reviewTeam(server());
    const writer = await writeBody(server(), editor, rec.id, "First wording.");
    const first = (await editor.post(`${base}/versions`, { name: "First" })).body.version;
    await retype(server(), writer, rec.id, "Second wording.");
    await editor.post(`${base}/versions`, { name: "Second" });

    // The client applies the old body through its editor and waits for "Saved", then records it.
    await retype(server(), writer, rec.id, "First wording.");
    const restored = await editor.post(`${base}/versions`, { restoredFrom: first.id });
    expect(restored.status).toBe(201);
    expect(restored.body.version).toMatchObject({
      kind: "restore",
      name: "Restored “First”",
      restoredFrom: first.id,
      authorIds: [id(editor)],
    });
    expect((await editor.get(`${base}/versions/${restored.body.version.id}`)).body.body).toEqual(
      bodyOf("First wording."),
    );
    expect((await editor.get(`${base}/versions`)).body.versions.map((v: any) => v.name)).toEqual([
      "Restored “First”",
      "Second",
      "First",
    ]);

    // An approved text cannot be restored (it is read-only until reopened); nothing is saved.
    await lead.post(`${base}/transitions`, { to: "in_review" });
    await lead.post(`${base}/transitions`, { to: "approved" });
    const refused = await lead.post(`${base}/versions`, { restoredFrom: first.id });
    expect(refused.status).toBe(409);
    expect((await editor.get(`${base}/versions`)).body.versions).toHaveLength(5);
  });

  it("last-review: the newest version saved at or before the caller's last transition or comment on the recommendation", async () => {
    const { editor, reviewer, lead, base, rec } = await reviewTeam(server());
    const writer = await writeBody(server(), editor, rec.id, "alpha beta gamma");
    expect((await reviewer.get(`${base}/versions/last-review`)).body).toEqual({ version: null });

    await editor.post(`${base}/transitions`, { to: "in_review" });
    const submitted = (await editor.get(`${base}/versions`)).body.versions[0];
    // Not yet reviewed by the reviewer: no action of theirs.
    expect((await reviewer.get(`${base}/versions/last-review`)).body).toEqual({ version: null });

    const thread = await reviewer.post(`${base}/threads`, {
      anchor: anchorOn(paragraphText(writer), 6, 10),
      quote: "beta",
      body: "Which source?",
    });
    expect(thread.status).toBe(201);
    expect((await reviewer.get(`${base}/versions/last-review`)).body).toEqual({ version: submitted });

    // Versions saved after their comment are not what they reviewed.
    await retype(server(), writer, rec.id, "alpha BETA gamma");
    const later = (await editor.post(`${base}/versions`, { name: "After the comment" })).body.version;
    expect((await reviewer.get(`${base}/versions/last-review`)).body).toEqual({ version: submitted });
    // The editor's own last review action is their transition: its version.
    expect((await editor.get(`${base}/versions/last-review`)).body).toEqual({ version: submitted });

    // A reply counts too; then the reviewer's transition, whose version is saved before it is recorded.
    await reviewer.post(`${base}/threads/${thread.body.thread.id}/comments`, { body: "Still unsure." });
    expect((await reviewer.get(`${base}/versions/last-review`)).body).toEqual({ version: later });
    await reviewer.post(`${base}/transitions`, { to: "changes_requested" });
    const requested = (await reviewer.get(`${base}/versions`)).body.versions[0];
    expect(requested).toMatchObject({ name: "Changes requested", authorIds: [id(reviewer)] });
    expect((await reviewer.get(`${base}/versions/last-review`)).body).toEqual({ version: requested });
    // The lead did nothing on it.
    expect((await lead.get(`${base}/versions/last-review`)).body).toEqual({ version: null });
  });

  it("a deleted recommendation takes its versions with it", async () => {
    const { lead, base, rec } = await reviewTeam(server());
    const saved = (await lead.post(`${base}/versions`, { name: "Doomed" })).body.version;
    expect(await server().store.getVersion(saved.id)).not.toBeNull();
    expect((await lead.delete(base)).status).toBe(204);
    expect(await server().store.getVersion(saved.id)).toBeNull();
    expect(await server().store.listVersions(rec.id)).toEqual([]);
  });
});

describe("automatic versions after a pause in editing", () => {
  const PAUSE_MS = 300;
  const server = useServer({
    versionPauseMs: PAUSE_MS,
    maxVersionsPerRecommendation: 3,
    // Small, so that a few edits compact the document's log.
    compactAfterUpdates: 8,
  });

  it("[V3] saves “Edited” naming who edited since the last version, and never a duplicate of the newest body", async () => {
    const { editor, lead, base, rec } = await reviewTeam(server());
    const writer = await writeBody(server(), editor, rec.id, "Ship hydrogen by 2030.");
    const first = await eventually(
      async () => {
        const versions = (await editor.get(`${base}/versions`)).body.versions;
        expect(versions).toHaveLength(1);
        return versions[0];
      },
      { timeoutMs: 10_000 },
    );
    expect(first).toMatchObject({ kind: "auto", name: "Edited", authorIds: [id(editor)], status: "draft" });
    expect((await editor.get(`${base}/versions/${first.id}`)).body.body).toEqual(bodyOf("Ship hydrogen by 2030."));

    // Edits that come back to the same text: the pause ends, and no version (the newest has this hash).
    paragraphText(writer).insert(0, "X");
    await eventually(async () => (await storedBody(server(), rec.id)).includes("XShip"));
    paragraphText(writer).delete(0, 1);
    await eventually(
      async () => (await storedBody(server(), rec.id)) === "<paragraph>Ship hydrogen by 2030.</paragraph>",
    );
    await eventually(() => server().server.versions.pendingCount === 0, { timeoutMs: 10_000 });
    await server().server.versions.whenIdle();
    expect((await editor.get(`${base}/versions`)).body.versions).toEqual([first]);

    // The lead edits next: the next automatic version names the lead alone.
    const leads = await openEditor(server(), lead, rec.id);
    paragraphText(leads).insert(paragraphText(leads).length, " Or 2035.");
    const second = await eventually(
      async () => {
        const versions = (await lead.get(`${base}/versions`)).body.versions;
        expect(versions).toHaveLength(2);
        return versions[0];
      },
      { timeoutMs: 10_000 },
    );
    expect(second).toMatchObject({ kind: "auto", name: "Edited", authorIds: [id(lead)] });
    expect((await lead.get(`${base}/versions/${second.id}`)).body.body).toEqual(
      bodyOf("Ship hydrogen by 2030. Or 2035."),
    );
  });

  it("[V6] past MAX_VERSIONS_PER_RECOMMENDATION the oldest automatic version goes first, then the oldest others", async () => {
    const { editor, base, rec } = await reviewTeam(server());
    await writeBody(server(), editor, rec.id, "Electrify rail freight.");
    const auto = await eventually(
      async () => {
        const versions = (await editor.get(`${base}/versions`)).body.versions;
        expect(versions).toHaveLength(1);
        return versions[0];
      },
      { timeoutMs: 10_000 },
    );
    expect(auto.kind).toBe("auto");
    for (const name of ["N1", "N2", "N3", "N4"]) {
      expect((await editor.post(`${base}/versions`, { name })).status).toBe(201);
    }
    const names = async () => (await editor.get(`${base}/versions`)).body.versions.map((v: any) => v.name);
    expect(await names()).toEqual(["N4", "N3", "N2"]);
    expect((await editor.get(`${base}/versions/${auto.id}`)).status).toBe(404);
  });

  it("[V1] a version's body is its own: compacting the document's log leaves it as it was", async () => {
    const { editor, base, rec } = await reviewTeam(server());
    const writer = await writeBody(server(), editor, rec.id, "Kept wording.");
    const named = (await editor.post(`${base}/versions`, { name: "Before compaction" })).body.version;
    const before = (await editor.get(`${base}/versions/${named.id}`)).body;
    expect(before.body).toEqual(bodyOf("Kept wording."));

    // Typed one character at a time, each stored before the next: well past compactAfterUpdates.
    const text = paragraphText(writer);
    for (let i = 0; i < 30; i++) {
      text.insert(text.length, String(i % 10));
      await eventually(
        async () =>
          (await storedBody(server(), rec.id)).length === "<paragraph>Kept wording.</paragraph>".length + i + 1,
      );
    }
    await eventually(async () => {
      const stored = await server().store.loadDocument(rec.id);
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates.length).toBeLessThan(8);
    });
    expect((await editor.get(`${base}/versions/${named.id}`)).body).toEqual(before);
  });
});

describe("issue 18's data: a thread's suggestion, the brief's suggesting setting", () => {
  const server = useServer();

  it("a thread may reply to a suggestion (its id checked), and says so; others reply to nothing", async () => {
    const { editor, reviewer, base, rec } = await reviewTeam(server());
    const writer = await writeBody(server(), editor, rec.id, "Tax carbon at 120 EUR/t.");
    const anchor = anchorOn(paragraphText(writer), 14, 17);
    const onSuggestion = await reviewer.post(`${base}/threads`, {
      anchor,
      quote: "120",
      body: "Why 120?",
      suggestionId: "sugg_0123456789",
    });
    expect(onSuggestion.status).toBe(201);
    expect(onSuggestion.body.thread.suggestionId).toBe("sugg_0123456789");
    const plain = await reviewer.post(`${base}/threads`, { anchor, quote: "120", body: "Source?" });
    expect(plain.body.thread.suggestionId).toBeNull();
    const bad = await reviewer.post(`${base}/threads`, { anchor, quote: "120", body: "?", suggestionId: "x y" });
    expect([bad.status, bad.body.error.field]).toEqual([400, "suggestionId"]);
    const listed = (await editor.get(`${base}/threads`)).body.threads;
    expect(listed.map((t: any) => t.suggestionId)).toEqual(["sugg_0123456789", null]);
  });

  it("the lead turns suggesting in review off and on; others may not; a non-boolean is refused naming the field", async () => {
    const { lead, editor, brief } = await reviewTeam(server());
    expect((await editor.get(`/api/briefs/${brief.id}`)).body.brief.suggestEditsInReview).toBe(true);
    const off = await lead.patch(`/api/briefs/${brief.id}`, { suggestEditsInReview: false });
    expect(off.status).toBe(200);
    expect(off.body.brief.suggestEditsInReview).toBe(false);
    expect((await editor.get(`/api/briefs/${brief.id}`)).body.brief.suggestEditsInReview).toBe(false);
    expect((await editor.patch(`/api/briefs/${brief.id}`, { suggestEditsInReview: true })).status).toBe(403);
    const bad = await lead.patch(`/api/briefs/${brief.id}`, { suggestEditsInReview: "yes" });
    expect([bad.status, bad.body.error.field]).toEqual([400, "suggestEditsInReview"]);
    expect((await editor.get(`/api/briefs/${brief.id}`)).body.brief.suggestEditsInReview).toBe(false);
    expect((await lead.patch(`/api/briefs/${brief.id}`, { suggestEditsInReview: true })).body.brief).toMatchObject({
      suggestEditsInReview: true,
    });
  });
});
