import { describe, expect, it } from "vitest";
import {
  addMember,
  ApiClient,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  PASSWORD,
} from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";
import { fill, ROUTES } from "./routes.js";

describe("REST: authentication", () => {
  const server = useServer();

  it("signs up with a hashed password and an httpOnly, SameSite=Lax session cookie", async () => {
    const client = new ApiClient(server().url);
    const res = await client.post("/api/auth/signup", {
      email: "Maria@Example.org",
      name: "María López",
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), email: "maria@example.org", name: "María López" });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^accord_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const stored = await server().store.findUserByEmail("maria@example.org");
    expect(stored!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored!.passwordHash).not.toContain(PASSWORD);
    expect((await client.get("/api/me")).body.user.email).toBe("maria@example.org");
  });

  it("refuses a second account on the same email without saying it exists (409, no field) and a short password (400, field password)", async () => {
    const client = new ApiClient(server().url);
    await client.post("/api/auth/signup", { email: "dup@example.org", name: "A", password: PASSWORD });
    const dup = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "DUP@example.org",
      name: "B",
      password: PASSWORD,
    });
    expect(dup.status).toBe(409);
    // Without SMTP the status differs from a new e-mail's (README, "Who may sign up"); the words do not name the account.
    expect(dup.body.error).toEqual({
      code: "conflict",
      message: "We could not create an account with these details. If you have signed up before, log in instead.",
    });
    const short = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "s@example.org",
      name: "S",
      password: "123456789",
    });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: "invalid", field: "password" });
  });

  it("answers the same 401 for an unknown email and a wrong password, then logs in and out", async () => {
    const user = await buildUser(server().url, "Login Tester");
    const anon = new ApiClient(server().url);
    const wrong = await anon.post("/api/auth/login", { email: user.user!.email, password: "not the password" });
    const unknown = await anon.post("/api/auth/login", { email: "nobody@example.org", password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);

    const ok = await anon.post("/api/auth/login", { email: user.user!.email.toUpperCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect((await anon.get("/api/me")).status).toBe(200);
    const cookieBefore = anon.cookie;
    expect((await anon.post("/api/auth/logout")).status).toBe(204);
    // The old cookie no longer opens a session, even if someone kept it.
    const replay = new ApiClient(server().url);
    replay.cookie = cookieBefore;
    expect((await replay.get("/api/me")).status).toBe(401);
  });

  it("answers health without a session", async () => {
    const res = await new ApiClient(server().url).get("/api/health");
    expect(res).toMatchObject({ status: 200, body: { ok: true, store: "sqlite" } });
  });
});

describe("REST: login rate limit", () => {
  const server = useServer({ loginRateLimit: 5 });

  it("rate-limits failed logins (429 after the limit)", async () => {
    const anon = new ApiClient(server().url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await anon.post("/api/auth/login", { email: "brute@example.org", password: `guess-${i}-xxxx` })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("REST: every route checks the session, membership, role and body", () => {
  const server = useServer();

  async function world() {
    const lead = await buildUser(server().url, "Lena Lead");
    const viewer = await buildUser(server().url, "Vic Viewer");
    const outsider = await buildUser(server().url, "Oscar Outsider");
    const brief = await buildBrief(lead);
    await addMember(lead, viewer, brief.id, "viewer");
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    const invite = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor" });
    const ids = {
      briefId: brief.id,
      recId: rec.id,
      sectorId: sector.id,
      userId: viewer.user!.id,
      token: invite.body.token as string,
    };
    return { lead, viewer, outsider, ids };
  }

  it("answers 401 on every route without a session", async () => {
    const { ids } = await world();
    const anon = new ApiClient(server().url);
    for (const route of ROUTES) {
      const res = await anon.request(
        route.method,
        fill(route.path, ids),
        route.body === undefined ? undefined : fill(route.body, ids),
      );
      expect({ route: `${route.method} ${route.path}`, status: res.status, code: res.body?.error?.code }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
        code: "unauthenticated",
      });
    }
  });

  it("answers 404 on every brief route to a logged-in non-member, and changes nothing", async () => {
    const { lead, outsider, ids } = await world();
    for (const route of ROUTES.filter((r) => r.briefScoped)) {
      const res = await outsider.request(
        route.method,
        fill(route.path, ids),
        route.body === undefined ? undefined : fill(route.body, ids),
      );
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 404,
      });
    }
    const brief = await lead.get(`/api/briefs/${ids.briefId}`);
    expect(brief.body.brief.title).toBe("US–Mexico trade under the USMCA");
    expect((await lead.get(`/api/briefs/${ids.briefId}/members`)).body.members).toHaveLength(2);
  });

  it("answers 403 to a viewer on every mutation, and changes nothing", async () => {
    const { lead, viewer, ids } = await world();
    const mutations = ROUTES.filter((r) => r.briefScoped && r.method !== "GET");
    for (const route of mutations) {
      const res = await viewer.request(
        route.method,
        fill(route.path, ids),
        route.body === undefined ? undefined : fill(route.body, ids),
      );
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
    }
    const recs = await lead.get(`/api/briefs/${ids.briefId}/recommendations`);
    expect(recs.body.recommendations.map((r: { title: string; status: string }) => [r.title, r.status])).toEqual([
      ["Build cross-border grid links", "draft"],
    ]);
    expect(
      (await lead.get(`/api/briefs/${ids.briefId}/sectors`)).body.sectors.map((s: { name: string }) => s.name),
    ).toEqual(["Energy"]);
  });

  it("answers 400 naming the wrong field on every body", async () => {
    const { lead, ids } = await world();
    const cases: Array<[string, string, unknown, string]> = [
      ["POST", "/api/briefs", { title: "" }, "title"],
      ["PATCH", `/api/briefs/${ids.briefId}`, { title: 42 }, "title"],
      ["PATCH", `/api/briefs/${ids.briefId}`, { owner: "me" }, ""],
      ["PATCH", `/api/briefs/${ids.briefId}/members/${ids.userId}`, { role: "owner" }, "role"],
      ["POST", `/api/briefs/${ids.briefId}/invites`, { role: "admin" }, "role"],
      ["POST", `/api/briefs/${ids.briefId}/sectors`, { name: "   " }, "name"],
      ["PATCH", `/api/briefs/${ids.briefId}/sectors/${ids.sectorId}`, { position: -1 }, "position"],
      ["POST", `/api/briefs/${ids.briefId}/recommendations`, { title: "t" }, "sectorId"],
      ["POST", `/api/briefs/${ids.briefId}/recommendations`, { sectorId: "nope", title: "t" }, "sectorId"],
      ["PATCH", `/api/briefs/${ids.briefId}/recommendations/${ids.recId}`, { title: "x".repeat(301) }, "title"],
      ["PATCH", `/api/briefs/${ids.briefId}/recommendations/${ids.recId}`, { ownerId: "someone-else" }, "ownerId"],
      ["POST", `/api/briefs/${ids.briefId}/recommendations/${ids.recId}/transitions`, { to: "published" }, "to"],
      ["GET", `/api/briefs/${ids.briefId}/recommendations?status=done`, undefined, "status"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await lead.request(method, path, body);
      expect({ path, status: res.status, code: res.body.error.code, field: res.body.error.field ?? "" }).toEqual({
        path,
        status: 400,
        code: "invalid",
        field,
      });
    }
    const malformed = await lead.request("POST", "/api/briefs", "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid");
    const recs = await lead.get(`/api/briefs/${ids.briefId}/recommendations`);
    expect(recs.body.recommendations[0]).toMatchObject({
      title: "Build cross-border grid links",
      ownerId: lead.user!.id,
      status: "draft",
    });
  });

  it("refuses a mutation from another origin (403) but serves the same request from our own", async () => {
    const { lead } = await world();
    const evil = await lead.request(
      "POST",
      "/api/briefs",
      { title: "From elsewhere" },
      { origin: "https://evil.example" },
    );
    expect(evil.status).toBe(403);
    const own = await lead.request("POST", "/api/briefs", { title: "From here" }, { origin: server().url });
    expect(own.status).toBe(201);
    const titles = (await lead.get("/api/briefs")).body.briefs.map((b: { title: string }) => b.title);
    expect(titles).toContain("From here");
    expect(titles).not.toContain("From elsewhere");
  });

  it("sets security headers", async () => {
    const res = await new ApiClient(server().url).get("/api/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});

describe("REST: briefs, sectors, recommendations, members", () => {
  const server = useServer();

  it("creates a brief whose creator is its lead, with the lead's abilities", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const created = await lead.post("/api/briefs", { title: "  Trade brief  ", description: "USMCA" });
    expect(created.status).toBe(201);
    expect(created.body.brief).toMatchObject({ title: "Trade brief", description: "USMCA", createdBy: lead.user!.id });
    const got = await lead.get(`/api/briefs/${created.body.brief.id}`);
    expect(got.body.role).toBe("lead");
    expect(got.body.abilities).toEqual({
      updateBrief: true,
      manageMembers: true,
      invite: true,
      manageSectors: true,
      createRecommendation: true,
      importReports: true,
      export: true,
      comment: true,
    });
    expect((await lead.get("/api/briefs")).body.briefs).toEqual([
      {
        id: created.body.brief.id,
        title: "Trade brief",
        description: "USMCA",
        role: "lead",
        updatedAt: expect.any(String),
      },
    ]);
    const renamed = await lead.patch(`/api/briefs/${created.body.brief.id}`, { title: "USMCA brief" });
    expect(renamed.body.brief.title).toBe("USMCA brief");
  });

  it("adds sectors in order, renames, reorders, and refuses to delete one that holds recommendations", async () => {
    const lead = await buildUser(server().url);
    const brief = await buildBrief(lead);
    const names = ["Energy", "Manufacturing", "Pharmaceuticals", "Agriculture", "Tourism", "Rare Earth Elements"];
    const sectors = [];
    for (const name of names) sectors.push(await buildSector(lead, brief.id, name));
    expect(sectors.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
    await lead.patch(`/api/briefs/${brief.id}/sectors/${sectors[4]!.id}`, { name: "Tourism and travel" });
    const listed = (await lead.get(`/api/briefs/${brief.id}/sectors`)).body.sectors;
    expect(listed.map((s: { name: string }) => s.name)).toEqual([
      "Energy",
      "Manufacturing",
      "Pharmaceuticals",
      "Agriculture",
      "Tourism and travel",
      "Rare Earth Elements",
    ]);
    await buildRecommendation(lead, brief.id, sectors[0]!.id);
    const refused = await lead.delete(`/api/briefs/${brief.id}/sectors/${sectors[0]!.id}`);
    expect(refused.status).toBe(409);
    expect((await lead.delete(`/api/briefs/${brief.id}/sectors/${sectors[5]!.id}`)).status).toBe(204);
    expect((await lead.get(`/api/briefs/${brief.id}/sectors`)).body.sectors).toHaveLength(5);
  });

  it("creates recommendations as drafts owned by their author, renames and moves them", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    const energy = await buildSector(lead, brief.id, "Energy");
    const farming = await buildSector(lead, brief.id, "Agriculture");
    const a = await buildRecommendation(editor, brief.id, energy.id, "Joint grid planning");
    const b = await buildRecommendation(editor, brief.id, energy.id, "Shared gas storage");
    await buildRecommendation(editor, brief.id, farming.id, "Harmonise inspections");
    expect(a).toMatchObject({ status: "draft", ownerId: editor.user!.id, position: 0, citedEvidenceIds: [] });
    expect(b).toMatchObject({ position: 1 });
    expect((a as unknown as { abilities: unknown }).abilities).toEqual({
      update: true,
      delete: false,
      editBody: true,
      comment: true,
      transitions: ["in_review"],
    });

    const renamed = await editor.patch(`/api/briefs/${brief.id}/recommendations/${a.id}`, {
      title: "Joint grid planning body",
    });
    expect(renamed.body.recommendation.title).toBe("Joint grid planning body");
    const moved = await editor.patch(`/api/briefs/${brief.id}/recommendations/${a.id}`, { sectorId: farming.id });
    expect(moved.body.recommendation).toMatchObject({ sectorId: farming.id, position: 1 });

    const inFarming = await lead.get(`/api/briefs/${brief.id}/recommendations?sectorId=${farming.id}`);
    expect(inFarming.body.recommendations.map((r: { title: string }) => r.title)).toEqual([
      "Harmonise inspections",
      "Joint grid planning body",
    ]);
    const drafts = await lead.get(`/api/briefs/${brief.id}/recommendations?status=draft`);
    expect(drafts.body.recommendations).toHaveLength(3);

    // Editors may not delete; leads may.
    expect((await editor.delete(`/api/briefs/${brief.id}/recommendations/${b.id}`)).status).toBe(403);
    expect((await lead.delete(`/api/briefs/${brief.id}/recommendations/${b.id}`)).status).toBe(204);
    expect((await lead.get(`/api/briefs/${brief.id}/recommendations/${b.id}`)).status).toBe(404);
  });

  it("moves a recommendation through the workflow: 409 for a move the workflow lacks, 403 for the wrong role", async () => {
    const lead = await buildUser(server().url);
    const reviewer = await buildUser(server().url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, reviewer, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    const path = `/api/briefs/${brief.id}/recommendations/${rec.id}/transitions`;
    expect((await lead.post(path, { to: "approved" })).status).toBe(409);
    expect((await reviewer.post(path, { to: "in_review" })).status).toBe(403);
    expect((await lead.post(path, { to: "in_review", note: "Ready" })).body.recommendation.status).toBe("in_review");
    expect((await reviewer.post(path, { to: "approved" })).status).toBe(403);
    const requested = await reviewer.post(path, { to: "changes_requested" });
    expect(requested.body.recommendation).toMatchObject({
      status: "changes_requested",
      abilities: { transitions: [] },
    });
  });

  it("invites by single-use link, lists members, changes a role, and keeps at least one lead", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const second = await buildUser(server().url, "Sam Second");
    const brief = await buildBrief(lead, "Invite brief");
    const invite = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "reviewer" });
    expect(invite.status).toBe(201);
    expect(invite.body.url).toBe(`${server().url}/invite/${invite.body.token}`);

    // The preview needs no session: a logged-out invitee sees what they are joining.
    const preview = await new ApiClient(server().url).get(`/api/invites/${invite.body.token}`);
    expect(preview.body).toEqual({
      briefId: brief.id,
      briefTitle: "Invite brief",
      role: "reviewer",
      invitedBy: "Lena Lead",
    });
    expect((await second.post(`/api/invites/${invite.body.token}/accept`)).body).toEqual({
      briefId: brief.id,
      role: "reviewer",
    });
    const third = await buildUser(server().url, "Tom Third");
    expect((await third.post(`/api/invites/${invite.body.token}/accept`)).status).toBe(404);
    expect((await new ApiClient(server().url).get(`/api/invites/${invite.body.token}`)).status).toBe(404);
    expect((await new ApiClient(server().url).get("/api/invites/not-a-real-token")).status).toBe(404);
    expect((await third.get(`/api/briefs/${brief.id}`)).status).toBe(404);

    const members = (await second.get(`/api/briefs/${brief.id}/members`)).body.members;
    expect(members.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      ["Lena Lead", "lead"],
      ["Sam Second", "reviewer"],
    ]);
    const changed = await lead.patch(`/api/briefs/${brief.id}/members/${second.user!.id}`, { role: "editor" });
    expect(changed.body.member).toMatchObject({ userId: second.user!.id, role: "editor", name: "Sam Second" });
    expect((await second.get(`/api/briefs/${brief.id}`)).body.role).toBe("editor");

    const demoteSelf = await lead.patch(`/api/briefs/${brief.id}/members/${lead.user!.id}`, { role: "editor" });
    expect(demoteSelf.status).toBe(409);
    expect((await lead.delete(`/api/briefs/${brief.id}/members/${second.user!.id}`)).status).toBe(204);
    expect((await second.get(`/api/briefs/${brief.id}`)).status).toBe(404);
  });
});
