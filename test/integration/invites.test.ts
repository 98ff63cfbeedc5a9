import { describe, expect, it } from "vitest";
import { addMember, ApiClient, buildBrief, buildUser } from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";

const GONE =
  "This invite link is no longer valid: it expired, was used or revoked, or whoever made it is no longer a lead of the brief.";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("invites: listing, revoking, and dying with their lead", () => {
  const server = useServer();
  const anon = () => new ApiClient(server().url);

  it("lists a brief's pending invites to its leads, with role, e-mail, maker and expiry; revoking one kills its link", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead, "Invite listing");
    const open = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor" });
    const bound = await lead.post(`/api/briefs/${brief.id}/invites`, {
      role: "viewer",
      email: "Ada.Bound@Example.ORG",
    });
    const used = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "reviewer" });
    expect([open.status, bound.status, used.status]).toEqual([201, 201, 201]);
    expect(bound.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      token: expect.any(String),
      url: `${server().url}/invite/${bound.body.token}`,
      email: "ada.bound@example.org",
      expiresAt: expect.stringMatching(ISO),
    });
    // The public id is not the token, nor anything the link can be rebuilt from.
    expect(bound.body.id).not.toBe(bound.body.token);
    const joiner = await buildUser(server().url, "Jo Joiner");
    expect((await joiner.post(`/api/invites/${used.body.token}/accept`)).status).toBe(200);

    const listed = await lead.get(`/api/briefs/${brief.id}/invites`);
    expect(listed.status).toBe(200);
    const createdBy = { id: lead.user!.id, name: "Lena Lead" };
    expect(listed.body).toEqual({
      invites: [
        {
          id: open.body.id,
          role: "editor",
          email: null,
          createdBy,
          createdAt: expect.stringMatching(ISO),
          expiresAt: open.body.expiresAt,
        },
        {
          id: bound.body.id,
          role: "viewer",
          email: "ada.bound@example.org",
          createdBy,
          createdAt: expect.stringMatching(ISO),
          expiresAt: bound.body.expiresAt,
        },
      ],
    });
    // A week from creation.
    const week = Date.parse(listed.body.invites[0].expiresAt) - Date.parse(listed.body.invites[0].createdAt);
    expect(Math.abs(week - 7 * 24 * 3_600_000)).toBeLessThan(5_000);

    expect((await anon().get(`/api/invites/${open.body.token}`)).status).toBe(200);
    const revoked = await lead.delete(`/api/briefs/${brief.id}/invites/${open.body.id}`);
    expect(revoked.status).toBe(204);
    const preview = await anon().get(`/api/invites/${open.body.token}`);
    expect({ status: preview.status, message: preview.body.error.message }).toEqual({ status: 404, message: GONE });
    expect((await joiner.post(`/api/invites/${open.body.token}/accept`)).status).toBe(404);
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites.map((i: { id: string }) => i.id)).toEqual([
      bound.body.id,
    ]);
    // Revoking twice, an accepted invite, or an unknown id: 404.
    expect((await lead.delete(`/api/briefs/${brief.id}/invites/${open.body.id}`)).status).toBe(404);
    expect((await lead.delete(`/api/briefs/${brief.id}/invites/${used.body.id}`)).status).toBe(404);
    expect((await lead.delete(`/api/briefs/${brief.id}/invites/no-such-invite`)).status).toBe(404);
    expect((await joiner.get("/api/briefs")).body.briefs.map((b: { title: string }) => b.title)).toEqual([
      "Invite listing",
    ]);
  });

  it("refuses listing and revoking to members who are not leads (403), to outsiders (404) and to another brief's lead (404)", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Eddie Editor");
    const outsider = await buildUser(server().url, "Oscar Outsider");
    const brief = await buildBrief(lead, "Guarded invites");
    const otherBrief = await buildBrief(outsider, "Oscar's own brief");
    await addMember(lead, editor, brief.id, "editor");
    const invite = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "viewer" });

    expect((await editor.get(`/api/briefs/${brief.id}/invites`)).status).toBe(403);
    expect((await editor.delete(`/api/briefs/${brief.id}/invites/${invite.body.id}`)).status).toBe(403);
    expect((await outsider.get(`/api/briefs/${brief.id}/invites`)).status).toBe(404);
    expect((await outsider.delete(`/api/briefs/${brief.id}/invites/${invite.body.id}`)).status).toBe(404);
    // A lead of another brief cannot reach it through their own brief's route.
    expect((await outsider.delete(`/api/briefs/${otherBrief.id}/invites/${invite.body.id}`)).status).toBe(404);
    expect((await anon().get(`/api/briefs/${brief.id}/invites`)).status).toBe(401);
    expect((await anon().delete(`/api/briefs/${brief.id}/invites/${invite.body.id}`)).status).toBe(401);
    // Still there, still works.
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites.map((i: { id: string }) => i.id)).toEqual([
      invite.body.id,
    ]);
    expect((await anon().get(`/api/invites/${invite.body.token}`)).status).toBe(200);
  });

  it("a lead invite made by a lead who is then removed is no longer accepted, nor listed", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const coLead = await buildUser(server().url, "Colin Colead");
    const invitee = await buildUser(server().url, "Ivy Invitee");
    const brief = await buildBrief(lead, "Removal kills invites");
    await addMember(lead, coLead, brief.id, "lead");
    const byCoLead = await coLead.post(`/api/briefs/${brief.id}/invites`, { role: "lead" });
    const byLead = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "viewer" });
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites.map((i: { id: string }) => i.id)).toEqual([
      byCoLead.body.id,
      byLead.body.id,
    ]);

    expect((await lead.delete(`/api/briefs/${brief.id}/members/${coLead.user!.id}`)).status).toBe(204);
    const accept = await invitee.post(`/api/invites/${byCoLead.body.token}/accept`);
    expect({ status: accept.status, message: accept.body.error.message }).toEqual({ status: 404, message: GONE });
    expect((await anon().get(`/api/invites/${byCoLead.body.token}`)).status).toBe(404);
    expect((await invitee.get("/api/briefs")).body.briefs).toEqual([]);
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites.map((i: { id: string }) => i.id)).toEqual([
      byLead.body.id,
    ]);

    // Made lead again, their old link stays dead: it died with the role.
    await addMember(lead, coLead, brief.id, "lead");
    expect((await invitee.post(`/api/invites/${byCoLead.body.token}/accept`)).status).toBe(404);
    // The remaining lead's invite is untouched.
    expect((await invitee.post(`/api/invites/${byLead.body.token}/accept`)).body).toEqual({
      briefId: brief.id,
      role: "viewer",
    });
  });

  it("a lead demoted to editor loses their pending invites", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const coLead = await buildUser(server().url, "Colin Colead");
    const invitee = await buildUser(server().url, "Ivy Invitee");
    const brief = await buildBrief(lead, "Demotion kills invites");
    await addMember(lead, coLead, brief.id, "lead");
    const invite = await coLead.post(`/api/briefs/${brief.id}/invites`, { role: "lead" });
    expect((await lead.patch(`/api/briefs/${brief.id}/members/${coLead.user!.id}`, { role: "editor" })).status).toBe(
      200,
    );

    expect((await invitee.post(`/api/invites/${invite.body.token}/accept`)).status).toBe(404);
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites).toEqual([]);
    expect(
      (await lead.get(`/api/briefs/${brief.id}/members`)).body.members.map(
        (m: { name: string; role: string }) => `${m.name}:${m.role}`,
      ),
    ).toEqual(["Colin Colead:editor", "Lena Lead:lead"]);
  });

  it("an invite bound to an e-mail is refused to another account (403, saying why) and accepted by the right one, whatever the case", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const ada = await buildUser(server().url, "Ada Addressee");
    const bob = await buildUser(server().url, "Bob Bystander");
    const brief = await buildBrief(lead, "Bound invite");
    const invite = await lead.post(`/api/briefs/${brief.id}/invites`, {
      role: "editor",
      email: ada.user!.email.toUpperCase(),
    });
    expect(invite.body.email).toBe(ada.user!.email);

    const preview = await anon().get(`/api/invites/${invite.body.token}`);
    expect(preview.body).toEqual({
      briefId: brief.id,
      briefTitle: "Bound invite",
      role: "editor",
      invitedBy: "Lena Lead",
      email: ada.user!.email,
    });

    const refused = await bob.post(`/api/invites/${invite.body.token}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: "forbidden",
      message: `This invite is for ${ada.user!.email}, not ${bob.user!.email}: use the account with that e-mail address.`,
    });
    expect((await bob.get("/api/briefs")).body.briefs).toEqual([]);

    expect((await ada.post(`/api/invites/${invite.body.token}/accept`)).body).toEqual({
      briefId: brief.id,
      role: "editor",
    });
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites).toEqual([]);
  });

  it("refuses an invite e-mail that is not an address (400, field email); an empty one means unbound", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead, "Invite validation");
    const bad = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor", email: "not an address" });
    expect({ status: bad.status, field: bad.body.error.field }).toEqual({ status: 400, field: "email" });
    const empty = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor", email: "" });
    expect({ status: empty.status, email: empty.body.email }).toEqual({ status: 201, email: null });
    expect((await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites).toHaveLength(1);
  });
});
