import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { openEditor, paragraph, storedBody, writeBody } from "./reviewSupport.js";

type Role = "lead" | "editor" | "reviewer" | "viewer";
type Status = "draft" | "in_review" | "changes_requested" | "approved";
const ROLES: Role[] = ["lead", "editor", "reviewer", "viewer"];
const STATUSES: Status[] = ["draft", "in_review", "changes_requested", "approved"];

/**
 * The workflow written out by hand (API.md), not computed from packages/domain: who may
 * move a recommendation from → to. Every pair not listed is not a transition (409) for a
 * role that may make some transition; a viewer may make none and is refused first (403).
 */
const ALLOWED: Record<string, Role[]> = {
  "draft→in_review": ["editor", "lead"],
  "in_review→draft": ["editor", "lead"],
  "in_review→changes_requested": ["reviewer", "lead"],
  "in_review→approved": ["lead"],
  "changes_requested→in_review": ["editor", "lead"],
  "approved→draft": ["lead"],
};

function expected(role: Role, from: Status, to: Status): 200 | 403 | 409 {
  if (role === "viewer") return 403;
  const roles = ALLOWED[`${from}→${to}`];
  if (!roles) return 409;
  return roles.includes(role) ? 200 : 403;
}

/** How the lead brings a new draft to each status. */
const PATH_TO: Record<Status, Status[]> = {
  draft: [],
  in_review: ["in_review"],
  changes_requested: ["in_review", "changes_requested"],
  approved: ["in_review", "approved"],
};

describe("the approval workflow through REST", () => {
  const server = useServer();

  async function team() {
    const lead = await buildUser(server().url, "Lena Lead");
    const members: Record<Role, ApiClient> = {
      lead,
      editor: await buildUser(server().url, "Ed Editor"),
      reviewer: await buildUser(server().url, "Rita Reviewer"),
      viewer: await buildUser(server().url, "Vic Viewer"),
    };
    const brief = await buildBrief(lead);
    for (const role of ["editor", "reviewer", "viewer"] as const) await addMember(lead, members[role], brief.id, role);
    const sector = await buildSector(lead, brief.id);
    return { lead, members, brief, sector };
  }

  it("answers 200, 403 or 409 for every role × from × to, and records each transition made with its note", async () => {
    const { lead, members, brief, sector } = await team();
    const results: string[] = [];
    const wanted: string[] = [];
    for (const role of ROLES) {
      for (const from of STATUSES) {
        for (const to of STATUSES) {
          const rec = await buildRecommendation(lead, brief.id, sector.id, `${role} ${from}→${to}`);
          const path = `/api/briefs/${brief.id}/recommendations/${rec.id}`;
          for (const step of PATH_TO[from])
            expect((await lead.post(`${path}/transitions`, { to: step })).status).toBe(200);
          const note = `${role}: ${from} to ${to}`;
          const res = await members[role].post(`${path}/transitions`, { to, note });
          results.push(`${role} ${from}→${to}: ${res.status}`);
          wanted.push(`${role} ${from}→${to}: ${expected(role, from, to)}`);

          const activity = await lead.get(`/api/briefs/${brief.id}/activity?recommendationId=${rec.id}`);
          const latest = activity.body.activity[0];
          const status = (await lead.get(path)).body.recommendation.status;
          if (res.status === 200) {
            expect(res.body.recommendation.status).toBe(to);
            expect(latest).toMatchObject({
              type: "status.changed",
              actor: { userId: members[role].user!.id },
              data: { from, to, note },
            });
          } else {
            // Refused: the status and the activity are as the setup left them.
            expect(status).toBe(from);
            expect(activity.body.activity).toHaveLength(1 + PATH_TO[from].length);
          }
        }
      }
    }
    expect(results).toEqual(wanted);
    expect(results).toHaveLength(64);
  });

  it("[P8] approval makes a connected editor read-only: their update is refused, the stored body unchanged; reopening lets them write again", async () => {
    const { lead, members, brief, sector } = await team();
    const rec = await buildRecommendation(lead, brief.id, sector.id, "Price carbon");
    const path = `/api/briefs/${brief.id}/recommendations/${rec.id}/transitions`;
    const editor = await writeBody(server(), members.editor, rec.id, "Final wording.");
    expect((await members.editor.post(path, { to: "in_review" })).status).toBe(200);
    expect((await lead.post(path, { to: "approved", note: "Good to go" })).status).toBe(200);

    // The approval closed the editor's connection for re-authorization; it reconnects read-only.
    await eventually(() => expect(editor.closes).toContain(4509));
    await eventually(() => editor.provider.wsconnected && editor.provider.synced);
    const observer = await openEditor(server(), lead, rec.id);
    editor.body.insert(1, [paragraph("Sneaked in.")]);
    // Awareness sent after the update is relayed only after the server handled the update.
    editor.provider.awareness.setLocalStateField("marker", 1);
    await eventually(() => expect(observer.provider.awareness.getStates().get(editor.doc.clientID)?.marker).toBe(1));
    await server().server.collab.flush();
    expect(await storedBody(server(), rec.id)).toBe("<paragraph>Final wording.</paragraph>");
    expect(observer.body.toString()).toBe("<paragraph>Final wording.</paragraph>");

    expect((await lead.post(path, { to: "draft", note: "One more change" })).status).toBe(200);
    const again = await openEditor(server(), members.editor, rec.id);
    again.body.insert(again.body.length, [paragraph("Reopened.")]);
    await eventually(async () =>
      expect(await storedBody(server(), rec.id)).toContain("<paragraph>Reopened.</paragraph>"),
    );

    const activity = await lead.get(`/api/briefs/${brief.id}/activity?recommendationId=${rec.id}&limit=2`);
    expect(activity.body.activity.map((a: any) => a.data)).toEqual([
      { from: "approved", to: "draft", note: "One more change" },
      { from: "in_review", to: "approved", note: "Good to go" },
    ]);
  });
});
