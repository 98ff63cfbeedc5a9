import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./SqliteStore.js";
import { migrate } from "./schema.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("invites' public ids and lead-bound life (migration 5)", () => {
  it("a database from before gets an id for every invite, and loses the pending invites of makers who are no longer leads", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "accord-invites-"));
    dirs.push(dir);
    const file = path.join(dir, "accord.db");
    const at = "2026-01-01T00:00:00.000Z";
    const far = "2999-01-01T00:00:00.000Z";

    // Schema 4, as the release before left it: a brief with its lead and a member who was a
    // lead once, and invites as that schema stored them.
    const raw = new Database(file);
    migrate(raw, 4);
    const user = raw.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, 'x', ?)");
    for (const id of ["lead", "former", "joiner"]) user.run(id, `${id}@example.org`, id, at);
    raw
      .prepare(
        "INSERT INTO briefs (id, title, description, created_by, created_at, updated_at) VALUES ('brief', 'Old brief', '', 'lead', ?, ?)",
      )
      .run(at, at);
    const member = raw.prepare(
      "INSERT INTO memberships (brief_id, user_id, role, joined_at) VALUES ('brief', ?, ?, ?)",
    );
    member.run("lead", "lead", at);
    member.run("former", "editor", at);
    const invite = raw.prepare(
      "INSERT INTO invites (token_hash, brief_id, role, created_by, created_at, expires_at, accepted_by) VALUES (?, 'brief', ?, ?, ?, ?, ?)",
    );
    invite.run("by-lead", "editor", "lead", at, far, null);
    invite.run("by-former", "lead", "former", at, far, null);
    invite.run("by-former-used", "viewer", "former", at, far, "joiner");
    raw.close();

    const store = openSqliteStore({ file });
    try {
      const kept = await store.getInvite("by-lead");
      expect(kept).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        tokenHash: "by-lead",
        briefId: "brief",
        email: null,
        role: "editor",
        createdBy: "lead",
        createdAt: at,
        expiresAt: far,
        acceptedBy: null,
      });
      expect(await store.getInvite("by-former")).toBeNull();
      expect((await store.getInvite("by-former-used"))?.acceptedBy).toBe("joiner");
      expect(await store.listPendingInvites("brief", "2026-06-01T00:00:00.000Z")).toEqual([kept]);
      expect(await store.deleteInvite("brief", kept!.id)).toBe(true);
      // The triggers run from now on.
      await store.createInvite({
        tokenHash: "new",
        briefId: "brief",
        role: "viewer",
        createdBy: "lead",
        expiresAt: far,
      });
      await store.putMember("brief", "joiner", "lead");
      await store.putMember("brief", "lead", "viewer");
      expect(await store.getInvite("new")).toBeNull();
    } finally {
      await store.close();
    }
  });
});
