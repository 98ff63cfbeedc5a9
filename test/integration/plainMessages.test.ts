import { describe, expect, it } from "vitest";
import { ApiClient, buildBrief, buildSector, buildUser } from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";

/**
 * Issue 15, "messages for people": a refused request still names its field (`field`, as before)
 * and says in plain words what to do, never zod's own text. Real server on port 0, real SQLite.
 */
describe("400 answers in plain words", () => {
  const server = useServer();

  it("login and signup ask for the missing or wrong field and store nothing", async () => {
    const anon = new ApiClient(server().url);
    const login = await anon.post("/api/auth/login", { email: "ada@example.org", password: "" });
    expect(login.status).toBe(400);
    expect(login.body).toEqual({ error: { code: "invalid", message: "Enter your password.", field: "password" } });

    const signup = await anon.post("/api/auth/signup", {
      email: "ada.example.org",
      name: "Ada",
      password: "a long enough password",
    });
    expect(signup.body).toEqual({
      error: { code: "invalid", message: "Enter a valid e-mail address, like ada@example.org.", field: "email" },
    });
    const noName = await anon.post("/api/auth/signup", {
      email: "ada@example.org",
      name: "  ",
      password: "a long enough password",
    });
    expect(noName.body).toEqual({ error: { code: "invalid", message: "Enter a name.", field: "name" } });
    // Nothing was stored: the address is still free.
    expect(
      (
        await anon.post("/api/auth/signup", {
          email: "ada@example.org",
          name: "Ada",
          password: "a long enough password",
        })
      ).status,
    ).toBe(201);
  });

  it("a brief's title and a sector's unknown field are named in words", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const long = await lead.post("/api/briefs", { title: "x".repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({
      error: { code: "invalid", message: "The title can be at most 200 characters.", field: "title" },
    });
    expect((await lead.get("/api/briefs")).body.briefs).toEqual([]);

    const brief = await buildBrief(lead);
    const sector = await buildSector(lead, brief.id, "Energy");
    const patch = await lead.patch(`/api/briefs/${brief.id}/sectors/${sector.id}`, { colour: "red" });
    expect(patch.body).toEqual({ error: { code: "invalid", message: "This field is not accepted here: “colour”." } });
    const invite = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "boss" });
    expect(invite.body).toEqual({
      error: { code: "invalid", message: "The role must be one of lead, editor, reviewer or viewer.", field: "role" },
    });
  });
});
