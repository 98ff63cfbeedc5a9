import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/src/auth/passwords.js";
import { ApiClient, buildBrief, buildUser, PASSWORD } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.js";
import { startServer, useServer, type TestServer } from "../helpers/startServer.js";

/** An account made in the store directly: in invite mode nobody can sign up without a link. */
async function seedAccount(server: TestServer, name: string, email: string): Promise<ApiClient> {
  await server.store.createUser({ email, name, passwordHash: await hashPassword(PASSWORD) });
  const client = new ApiClient(server.url);
  const res = await client.post("/api/auth/login", { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  client.user = res.body.user;
  return client;
}

async function invite(lead: ApiClient, briefId: string, body: { role: string; email?: string }): Promise<string> {
  const res = await lead.post(`/api/briefs/${briefId}/invites`, body);
  if (res.status !== 201) throw new Error(`invite failed: ${res.status}`);
  return res.body.token as string;
}

describe("signup policy: open (the default)", () => {
  const server = useServer();

  it("says so, and lets anyone sign up", async () => {
    const anon = new ApiClient(server().url);
    expect((await anon.get("/api/auth/signup-policy")).body).toEqual({ mode: "open", emailConfirmation: false });
    const res = await anon.post("/api/auth/signup", {
      email: "anyone@anywhere.example",
      name: "Anyone",
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      user: { id: expect.any(String), email: "anyone@anywhere.example", name: "Anyone" },
      joined: null,
    });
  });

  it("a signup with an invite token joins its brief at once; a dead token is refused (404) and creates nothing", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead, "Joined at signup");
    const token = await invite(lead, brief.id, { role: "reviewer" });
    const client = new ApiClient(server().url);
    const res = await client.post("/api/auth/signup", {
      email: "joiner@example.org",
      name: "Jo",
      password: PASSWORD,
      inviteToken: token,
    });
    expect(res.body.joined).toEqual({ briefId: brief.id, role: "reviewer" });
    expect(
      (await client.get("/api/briefs")).body.briefs.map((b: { title: string; role: string }) => `${b.title}:${b.role}`),
    ).toEqual(["Joined at signup:reviewer"]);
    const again = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "second@example.org",
      name: "Second",
      password: PASSWORD,
      inviteToken: token,
    });
    expect(again.status).toBe(404);
    expect(await server().store.findUserByEmail("second@example.org")).toBeNull();
  });

  it("checks every new password with the password policy (spaces do not count)", async () => {
    const res = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "weak@example.org",
      name: "Weak",
      password: `${" ".repeat(8)}abc${" ".repeat(8)}`,
    });
    expect({ status: res.status, field: res.body.error.field }).toEqual({ status: 400, field: "password" });
    expect(await server().store.findUserByEmail("weak@example.org")).toBeNull();
  });
});

describe("signup policy: invite", () => {
  const server = useServer({ signupMode: "invite" });

  it("says so; refuses a signup without a token (403, field inviteToken) or with a dead one (404); admits one with a valid token", async () => {
    const anon = new ApiClient(server().url);
    expect((await anon.get("/api/auth/signup-policy")).body).toEqual({ mode: "invite", emailConfirmation: false });

    const none = await anon.post("/api/auth/signup", {
      email: "walkin@example.org",
      name: "Walk In",
      password: PASSWORD,
    });
    expect({ status: none.status, body: none.body }).toEqual({
      status: 403,
      body: {
        error: {
          code: "forbidden",
          message: "This server creates accounts from invite links only: ask a lead of a brief to invite you.",
          field: "inviteToken",
        },
      },
    });
    const bogus = await anon.post("/api/auth/signup", {
      email: "walkin@example.org",
      name: "Walk In",
      password: PASSWORD,
      inviteToken: "not-a-real-token",
    });
    expect(bogus.status).toBe(404);
    expect(await server().store.findUserByEmail("walkin@example.org")).toBeNull();

    const lead = await seedAccount(server(), "Lena Lead", "lena@example.org");
    const brief = await buildBrief(lead, "Invite-only brief");
    const token = await invite(lead, brief.id, { role: "editor" });
    const revokedToken = await invite(lead, brief.id, { role: "editor" });
    const revokedId = (await lead.get(`/api/briefs/${brief.id}/invites`)).body.invites[1].id;
    expect((await lead.delete(`/api/briefs/${brief.id}/invites/${revokedId}`)).status).toBe(204);
    expect(
      (
        await anon.post("/api/auth/signup", {
          email: "walkin@example.org",
          name: "Walk In",
          password: PASSWORD,
          inviteToken: revokedToken,
        })
      ).status,
    ).toBe(404);

    const joiner = new ApiClient(server().url);
    const ok = await joiner.post("/api/auth/signup", {
      email: "invited@example.org",
      name: "Invited",
      password: PASSWORD,
      inviteToken: token,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.joined).toEqual({ briefId: brief.id, role: "editor" });
    // The link admitted one account: it is used now.
    expect(
      (
        await anon.post("/api/auth/signup", {
          email: "tagalong@example.org",
          name: "Tag",
          password: PASSWORD,
          inviteToken: token,
        })
      ).status,
    ).toBe(404);
    expect(await server().store.findUserByEmail("tagalong@example.org")).toBeNull();
  });

  it("an e-mail-bound invite admits only its e-mail at signup (403 for another, creating nothing)", async () => {
    const lead = await seedAccount(server(), "Lena Lead", "lena2@example.org");
    const brief = await buildBrief(lead, "Bound at signup");
    const token = await invite(lead, brief.id, { role: "viewer", email: "named@example.org" });
    const wrong = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "other@example.org",
      name: "Other",
      password: PASSWORD,
      inviteToken: token,
    });
    expect({ status: wrong.status, message: wrong.body.error.message }).toEqual({
      status: 403,
      message: "This invite is for named@example.org, not other@example.org: use the account with that e-mail address.",
    });
    expect(await server().store.findUserByEmail("other@example.org")).toBeNull();
    const right = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "Named@Example.org",
      name: "Named",
      password: PASSWORD,
      inviteToken: token,
    });
    expect({ status: right.status, joined: right.body.joined }).toEqual({
      status: 201,
      joined: { briefId: brief.id, role: "viewer" },
    });
  });
});

describe("signup policy: domains", () => {
  const server = useServer({ signupMode: "domains", signupDomains: ["example.org", "think.tank"] });

  it("says which domains; admits them exactly, refuses others and their look-alikes (403, field email), unless an invite names them", async () => {
    const anon = new ApiClient(server().url);
    expect((await anon.get("/api/auth/signup-policy")).body).toEqual({
      mode: "domains",
      domains: ["example.org", "think.tank"],
      emailConfirmation: false,
    });
    expect(
      (await anon.post("/api/auth/signup", { email: "ana@think.tank", name: "Ana", password: PASSWORD })).status,
    ).toBe(201);
    expect(
      (
        await new ApiClient(server().url).post("/api/auth/signup", {
          email: "Bo@EXAMPLE.org",
          name: "Bo",
          password: PASSWORD,
        })
      ).status,
    ).toBe(201);
    const message =
      "This server creates accounts for e-mail addresses at example.org, think.tank only, or from an invite link.";
    for (const email of [
      "eve@evil.example",
      "eve@sub.think.tank",
      "eve@think.tank.evil.example",
      "eve@example.org@evil.example",
    ]) {
      const res = await new ApiClient(server().url).post("/api/auth/signup", {
        email,
        name: "Eve",
        password: PASSWORD,
      });
      expect({ email, status: res.status, error: res.body.error }).toEqual({
        email,
        status: email.includes("@example.org@") ? 400 : 403,
        error: email.includes("@example.org@")
          ? expect.objectContaining({ field: "email" })
          : { code: "forbidden", message, field: "email" },
      });
    }
    expect(await server().store.findUserByEmail("eve@evil.example")).toBeNull();

    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead, "Outside help");
    const token = await invite(lead, brief.id, { role: "reviewer", email: "guest@elsewhere.example" });
    const guest = await new ApiClient(server().url).post("/api/auth/signup", {
      email: "guest@elsewhere.example",
      name: "Guest",
      password: PASSWORD,
      inviteToken: token,
    });
    expect({ status: guest.status, joined: guest.body.joined }).toEqual({
      status: 201,
      joined: { briefId: brief.id, role: "reviewer" },
    });
  });
});

describe("no account enumeration at signup, with SMTP", () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServer({
      smtpUrl: smtp.url,
      mailFrom: "Accord Test <accord@example.org>",
      signupRateLimit: 1000,
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  /** The raw answer, as bytes on the wire would be compared. */
  async function rawSignup(body: unknown): Promise<{ status: number; text: string; setCookie: string | null }> {
    const res = await fetch(`${server.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text(), setCookie: res.headers.get("set-cookie") };
  }

  const linkIn = (text: string, prefix: string) => {
    const start = text.indexOf(prefix);
    if (start < 0) throw new Error(`no ${prefix} link in: ${text}`);
    return text.slice(start, text.indexOf("\n", start) < 0 ? undefined : text.indexOf("\n", start)).trim();
  };

  it("answers a taken e-mail and a new one byte for byte the same, and mails each its own message", async () => {
    await seedAccount(server, "Tessa Taken", "taken@example.org");
    const before = smtp.received.length;
    const taken = await rawSignup({
      email: "taken@example.org",
      name: "Somebody",
      password: "another good passphrase",
    });
    const fresh = await rawSignup({
      email: "fresh@example.org",
      name: "Fresh Person",
      password: "another good passphrase",
    });
    expect(taken).toEqual({ status: 202, text: '{"status":"confirm_email"}', setCookie: null });
    expect(fresh).toEqual(taken);

    await eventually(() => smtp.received.length === before + 2);
    const toTaken = smtp.received.slice(before).find((m) => m.to[0] === "taken@example.org")!;
    const toFresh = smtp.received.slice(before).find((m) => m.to[0] === "fresh@example.org")!;
    expect(toTaken.subject).toBe("Someone tried to sign up to Accord with your e-mail address");
    expect(toTaken.from).toBe("accord@example.org");
    expect(linkIn(toTaken.text, server.url)).toBe(`${server.url}/login`);
    expect(toTaken.text).not.toContain("/confirm");
    expect(toFresh.subject).toBe("Confirm your Accord account");
    expect(toFresh.text).toContain("Hello Fresh Person,");
    expect(linkIn(toFresh.text, server.url)).toMatch(new RegExp(`^${server.url}/confirm#[A-Za-z0-9_-]{32}$`));

    // Nothing is created or changed until the link is followed.
    expect(await server.store.findUserByEmail("fresh@example.org")).toBeNull();
    expect(
      (
        await new ApiClient(server.url).post("/api/auth/login", {
          email: "taken@example.org",
          password: "another good passphrase",
        })
      ).status,
    ).toBe(401);
    expect(
      (await new ApiClient(server.url).post("/api/auth/login", { email: "taken@example.org", password: PASSWORD }))
        .status,
    ).toBe(200);
  });

  it("the confirmation link creates the account and logs in, once; a second use and an unknown token are refused", async () => {
    const before = smtp.received.length;
    expect(
      (await rawSignup({ email: "confirm.me@example.org", name: "Confirm Me", password: "another good passphrase" }))
        .status,
    ).toBe(202);
    await eventually(() => smtp.received.length === before + 1);
    const token = linkIn(smtp.received[before]!.text, server.url).split("#")[1]!;

    const client = new ApiClient(server.url);
    const confirmed = await client.post("/api/auth/confirm", { token });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toEqual({
      user: { id: expect.any(String), email: "confirm.me@example.org", name: "Confirm Me" },
      joined: null,
    });
    expect((await client.get("/api/me")).body.user.email).toBe("confirm.me@example.org");
    expect(
      (
        await new ApiClient(server.url).post("/api/auth/login", {
          email: "confirm.me@example.org",
          password: "another good passphrase",
        })
      ).status,
    ).toBe(200);

    const again = await new ApiClient(server.url).post("/api/auth/confirm", { token });
    expect(again.body).toEqual({
      error: {
        code: "not_found",
        message:
          "This confirmation link is no longer valid: it was used already or it expired. Sign up again to get a new one.",
      },
    });
    expect(again.status).toBe(404);
    expect((await new ApiClient(server.url).post("/api/auth/confirm", { token: "made-up-token" })).status).toBe(404);
    expect((await new ApiClient(server.url).post("/api/auth/confirm", {})).body.error.field).toBe("token");
  });

  it("an expired confirmation link is refused and creates nothing", async () => {
    const { hashEmailToken } = await import("../../server/src/commands/signup.js");
    await server.store.createSignupRequest({
      tokenHash: hashEmailToken("expired-token"),
      email: "late@example.org",
      name: "Late",
      passwordHash: await hashPassword(PASSWORD),
      inviteTokenHash: null,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect((await new ApiClient(server.url).post("/api/auth/confirm", { token: "expired-token" })).status).toBe(404);
    expect(await server.store.findUserByEmail("late@example.org")).toBeNull();
  });

  it("refuses a weak password the same way for a taken and a new e-mail", async () => {
    const taken = await rawSignup({ email: "taken@example.org", name: "Somebody", password: "          " });
    const fresh = await rawSignup({ email: "nobody.yet@example.org", name: "Somebody", password: "          " });
    expect(taken.status).toBe(400);
    expect(fresh).toEqual(taken);
  });

  it("a signup with an invite is confirmed by e-mail and then joins the brief", async () => {
    const lead = await buildUser(server.url, "Lena Lead").catch(() => null);
    // With SMTP, signup answers 202: the lead is seeded instead.
    expect(lead).toBeNull();
    const seeded = await seedAccount(server, "Lena Lead", "lena.smtp@example.org");
    const brief = await buildBrief(seeded, "Confirmed joiner");
    const token = await invite(seeded, brief.id, { role: "editor", email: "joiner.smtp@example.org" });
    const before = smtp.received.length;
    expect(
      (await rawSignup({ email: "joiner.smtp@example.org", name: "Joiner", password: PASSWORD, inviteToken: token }))
        .status,
    ).toBe(202);
    await eventually(() => smtp.received.length === before + 1);
    const confirmToken = linkIn(smtp.received[before]!.text, server.url).split("#")[1]!;
    const client = new ApiClient(server.url);
    const confirmed = await client.post("/api/auth/confirm", { token: confirmToken });
    expect(confirmed.body.joined).toEqual({ briefId: brief.id, role: "editor" });
    expect((await client.get("/api/briefs")).body.briefs.map((b: { title: string }) => b.title)).toEqual([
      "Confirmed joiner",
    ]);
  });
});

describe("signup with SMTP: mail is rate-limited per address, successes included", () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServer({ smtpUrl: smtp.url, signupRateLimit: 2 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it("answers 429 past SIGNUP_RATE_LIMIT requests an hour, and sends no mail for it", async () => {
    const statuses: number[] = [];
    for (const n of [1, 2, 3]) {
      statuses.push(
        (
          await new ApiClient(server.url).post("/api/auth/signup", {
            email: `n${n}@example.org`,
            name: "N",
            password: PASSWORD,
          })
        ).status,
      );
    }
    expect(statuses).toEqual([202, 202, 429]);
    await eventually(() => smtp.received.length === 2);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["n1@example.org", "n2@example.org"]);
  });
});

describe("signup mail never puts a link, token or password in the log", () => {
  it("logs neither when mail goes out nor when the SMTP server is gone (only the failure's code)", async () => {
    const { PassThrough } = await import("node:stream");
    const { createLogger } = await import("../../server/src/logger.js");
    const { startServer } = await import("../helpers/startServer.js");

    const smtp = await startSmtpServer();
    const log: string[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    // The most talkative level: nothing may slip through at any level.
    const server = await startServer(
      { smtpUrl: smtp.url, signupRateLimit: 1000 },
      { logger: createLogger("trace", sink) },
    );
    const { url } = server;
    try {
      const password = "a passphrase for the log test";
      const signup = (email: string, inviteToken?: string) =>
        new ApiClient(url).post("/api/auth/signup", {
          email,
          name: "Log Test",
          password,
          ...(inviteToken ? { inviteToken } : {}),
        });
      expect((await signup("logged@example.org")).status).toBe(202);
      await eventually(() => smtp.received.length === 1);
      const token = smtp.received[0]!.text.split("/confirm#")[1]!.split("\n")[0]!.trim();
      expect((await new ApiClient(url).post("/api/auth/confirm", { token })).status).toBe(201);
      // A wrong invite token, as an attacker would send it: refused, and not written down either.
      expect((await signup("guess@example.org", "guessed-invite-token-123")).status).toBe(404);

      await smtp.close();
      expect((await signup("unsent@example.org")).status).toBe(202);
      await eventually(() => log.some((line) => line.includes("sending mail failed")));

      const all = log.join("");
      // A refused connection is nodemailer's ESOCKET.
      expect(all).toContain('"part":"mail","code":"ESOCKET","msg":"sending mail failed"');
      for (const secret of [token, password, "guessed-invite-token-123", "/confirm#"])
        expect({ secret, logged: all.includes(secret) }).toEqual({ secret, logged: false });
    } finally {
      await server.close();
    }
  });
});
