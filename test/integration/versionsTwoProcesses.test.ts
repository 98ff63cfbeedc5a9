import { skippedUnless } from "../helpers/skipped.js";
import { describe, expect, it } from "vitest";
import { addMember, ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { redisServerMissing } from "../helpers/redisServer.js";
import type { TestServer } from "../helpers/startServer.js";
import { useTwoProcesses } from "../helpers/twoProcesses.js";
import { openEditor, paragraph, paragraphText, storedBody } from "./reviewSupport.js";

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED test/integration/versionsTwoProcesses.test.ts: ${missing}`);

/** The same person's session used against the other server (the cookie is the session). */
function on(node: TestServer, client: ApiClient): ApiClient {
  const other = new ApiClient(node.url);
  other.cookie = client.cookie;
  other.user = client.user;
  return other;
}

describe.skipIf(missing !== null)(
  skippedUnless("automatic versions with two processes (issue 18, V4)", missing),
  () => {
    const { started } = useTwoProcesses("accord-versions-two-", { versionPauseMs: 500 });

    it("two people editing one recommendation on two processes get one automatic version of the text they wrote together", async () => {
      const { one, two } = started();
      const lead = await buildUser(one.url, "Lena Lead");
      const editor = await buildUser(one.url, "Ed Editor");
      const brief = await buildBrief(lead);
      await addMember(lead, editor, brief.id, "editor");
      const sector = await buildSector(lead, brief.id);
      const rec = await buildRecommendation(lead, brief.id, sector.id);
      const base = `/api/briefs/${brief.id}/recommendations/${rec.id}`;

      const editors = await openEditor(one, editor, rec.id);
      const leads = await openEditor(two, on(two, lead), rec.id);
      editors.body.insert(0, [paragraph("alpha")]);
      await eventually(() => leads.body.toString() === "<paragraph>alpha</paragraph>");
      paragraphText(leads).insert(5, " beta");
      await eventually(async () => (await storedBody(one, rec.id)) === "<paragraph>alpha beta</paragraph>");

      // Each process times the edits it stored; both pauses end, one at a time saves (the lease),
      // and the later one finds the body already saved.
      const [version] = await eventually(
        async () => {
          const versions = (await lead.get(`${base}/versions`)).body.versions;
          expect(versions).toHaveLength(1);
          return versions;
        },
        { timeoutMs: 10_000 },
      );
      await eventually(() => one.server.versions.pendingCount + two.server.versions.pendingCount === 0, {
        timeoutMs: 10_000,
      });
      await Promise.all([one.server.versions.whenIdle(), two.server.versions.whenIdle()]);
      expect((await lead.get(`${base}/versions`)).body.versions).toEqual([version]);
      expect(version).toMatchObject({ kind: "auto", name: "Edited" });
      // The process that saved names the editors whose batches it stored (V3): one of the two here.
      expect([[editor.user!.id], [lead.user!.id]]).toContainEqual(version.authorIds);
      expect((await editor.get(`${base}/versions/${version.id}`)).body.body).toEqual({
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "alpha beta" }] }],
      });
    });
  },
);
