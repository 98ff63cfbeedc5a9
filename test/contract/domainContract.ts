import { describe, expect, it } from "vitest";
import { ConflictError } from "../../server/src/errors.js";
import {
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  ID_PATTERN,
  ISO_PATTERN,
  type ContractHarness,
} from "./harness.js";

const FAR_FUTURE = "2999-01-01T00:00:00.000Z";

/** Users, sessions, briefs, members, invites, sectors and recommendations. */
export function defineDomainContract(harness: ContractHarness): void {
  describe("users", () => {
    it("creates a user with a URL-safe id and a lower-cased email, and gets it back", async () => {
      const store = await harness.open();
      const user = await store.createUser({ email: "Ada@Example.ORG", name: "Ada", passwordHash: "scrypt$abc" });
      expect(user).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        email: "ada@example.org",
        name: "Ada",
        createdAt: expect.stringMatching(ISO_PATTERN),
      });
      expect(await store.getUser(user.id)).toEqual(user);
      expect(await store.getUser("no-such-user")).toBeNull();
    });

    it("finds a user by email whatever its case, with the password hash", async () => {
      const store = await harness.open();
      const user = await store.createUser({ email: "grace@example.org", name: "Grace", passwordHash: "scrypt$def" });
      expect(await store.findUserByEmail("GRACE@example.org")).toEqual({ ...user, passwordHash: "scrypt$def" });
      expect(await store.findUserByEmail("nobody@example.org")).toBeNull();
    });

    it("refuses a second account with the same email, in any case, and keeps the first", async () => {
      const store = await harness.open();
      const first = await store.createUser({ email: "ada@example.org", name: "Ada", passwordHash: "one" });
      const attempt = store.createUser({ email: "ADA@example.org", name: "Impostor", passwordHash: "two" });
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({
        message: "An account with this email already exists.",
        field: "email",
        status: 409,
      });
      expect(await store.findUserByEmail("ada@example.org")).toEqual({ ...first, passwordHash: "one" });
    });
  });

  describe("sessions", () => {
    it("stores, reads and deletes a session by the hash of its id", async () => {
      const store = await harness.open();
      const user = await buildUser(store);
      await store.createSession({ idHash: "hash-1", userId: user.id, expiresAt: FAR_FUTURE });
      expect(await store.getSession("hash-1")).toEqual({ userId: user.id, expiresAt: FAR_FUTURE });
      expect(await store.getSession("hash-2")).toBeNull();
      await store.deleteSession("hash-1");
      expect(await store.getSession("hash-1")).toBeNull();
      await store.deleteSession("hash-1"); // deleting twice is not an error
    });

    it("does not answer an expired session", async () => {
      const store = await harness.open();
      const user = await buildUser(store);
      await store.createSession({ idHash: "old", userId: user.id, expiresAt: "2001-01-01T00:00:00.000Z" });
      expect(await store.getSession("old")).toBeNull();
    });

    it("deletes every session of a user and answers their hashes, leaving other users' alone", async () => {
      const store = await harness.open();
      const ada = await buildUser(store, { name: "Ada" });
      const grace = await buildUser(store, { name: "Grace" });
      await store.createSession({ idHash: "ada-1", userId: ada.id, expiresAt: FAR_FUTURE });
      await store.createSession({ idHash: "ada-2", userId: ada.id, expiresAt: FAR_FUTURE });
      await store.createSession({ idHash: "grace-1", userId: grace.id, expiresAt: FAR_FUTURE });
      expect((await store.deleteSessionsOfUser(ada.id)).sort()).toEqual(["ada-1", "ada-2"]);
      expect(await store.getSession("ada-1")).toBeNull();
      expect(await store.getSession("ada-2")).toBeNull();
      expect(await store.getSession("grace-1")).toEqual({ userId: grace.id, expiresAt: FAR_FUTURE });
      expect(await store.deleteSessionsOfUser(ada.id)).toEqual([]);
    });

    it("keeps the session it is told to keep (a password change keeps the one that made it)", async () => {
      const store = await harness.open();
      const ada = await buildUser(store);
      for (const idHash of ["keep", "other-1", "other-2"])
        await store.createSession({ idHash, userId: ada.id, expiresAt: FAR_FUTURE });
      expect((await store.deleteSessionsOfUser(ada.id, "keep")).sort()).toEqual(["other-1", "other-2"]);
      expect(await store.getSession("keep")).toEqual({ userId: ada.id, expiresAt: FAR_FUTURE });
      expect(await store.getSession("other-1")).toBeNull();
    });

    it("replaces a password hash, and answers false for an unknown user", async () => {
      const store = await harness.open();
      const ada = await buildUser(store, { email: "ada@example.org" });
      expect(await store.setPasswordHash(ada.id, "scrypt$new")).toBe(true);
      expect((await store.findUserByEmail("ada@example.org"))?.passwordHash).toBe("scrypt$new");
      expect(await store.setPasswordHash("no-such-user", "scrypt$x")).toBe(false);
    });
  });

  describe("briefs", () => {
    it("creates a brief and makes its creator the lead", async () => {
      const store = await harness.open();
      const ada = await buildUser(store, { name: "Ada" });
      const brief = await store.createBrief({ title: "Steel", description: "Green steel.", createdBy: ada.id });
      expect(brief).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        title: "Steel",
        description: "Green steel.",
        createdBy: ada.id,
        createdAt: expect.stringMatching(ISO_PATTERN),
        updatedAt: brief.createdAt,
        citationStyle: "chicago-fullnote-bibliography",
        suggestEditsInReview: true,
      });
      expect(await store.getBrief(brief.id)).toEqual(brief);
      expect(await store.getBrief("no-such-brief")).toBeNull();
      expect(await store.getMembership(brief.id, ada.id)).toEqual({
        briefId: brief.id,
        userId: ada.id,
        role: "lead",
        joinedAt: brief.createdAt,
      });
    });

    it("updates only the given fields and bumps updatedAt", async () => {
      const store = await harness.open();
      const ada = await buildUser(store);
      const brief = await buildBrief(store, ada.id, "Steel");
      const renamed = await store.updateBrief(brief.id, { title: "Green steel" });
      expect(renamed).toEqual({ ...brief, title: "Green steel", updatedAt: expect.stringMatching(ISO_PATTERN) });
      expect(renamed!.updatedAt > brief.updatedAt).toBe(true);
      const described = await store.updateBrief(brief.id, { description: "Hydrogen DRI." });
      expect(described).toEqual({ ...renamed, description: "Hydrogen DRI.", updatedAt: described!.updatedAt });
      expect(described!.updatedAt > renamed!.updatedAt).toBe(true);
      expect(await store.getBrief(brief.id)).toEqual(described);
      expect(await store.updateBrief("no-such-brief", { title: "x" })).toBeNull();
    });

    it("lists the briefs a user is a member of, most recently updated first, with their role", async () => {
      const store = await harness.open();
      const ada = await buildUser(store, { name: "Ada" });
      const bob = await buildUser(store, { name: "Bob" });
      const steel = await buildBrief(store, ada.id, "Steel");
      const cement = await buildBrief(store, ada.id, "Cement");
      const shipping = await buildBrief(store, bob.id, "Shipping");
      await store.putMember(shipping.id, ada.id, "reviewer");
      const steelNow = await store.updateBrief(steel.id, { title: "Green steel" });

      expect(await store.listBriefsForUser(ada.id)).toEqual([
        { ...steelNow, role: "lead" },
        { ...shipping, role: "reviewer" },
        { ...cement, role: "lead" },
      ]);
      expect(await store.listBriefsForUser(bob.id)).toEqual([{ ...shipping, role: "lead" }]);
      expect(await store.listBriefsForUser("no-such-user")).toEqual([]);
    });
  });

  describe("members", () => {
    it("adds members, changes a role in place, lists them by name and removes them", async () => {
      const store = await harness.open();
      const zoe = await buildUser(store, { name: "Zoe", email: "zoe@example.org" });
      const ada = await buildUser(store, { name: "Ada", email: "ada@example.org" });
      const max = await buildUser(store, { name: "Max", email: "max@example.org" });
      const brief = await buildBrief(store, zoe.id);

      const added = await store.putMember(brief.id, ada.id, "viewer");
      expect(added).toEqual({
        briefId: brief.id,
        userId: ada.id,
        role: "viewer",
        joinedAt: expect.stringMatching(ISO_PATTERN),
      });
      const promoted = await store.putMember(brief.id, ada.id, "editor");
      expect(promoted).toEqual({ ...added, role: "editor" }); // joinedAt is kept
      expect(await store.getMembership(brief.id, ada.id)).toEqual(promoted);
      await store.putMember(brief.id, max.id, "reviewer");

      expect(await store.listMembers(brief.id)).toEqual([
        { userId: ada.id, name: "Ada", email: "ada@example.org", role: "editor" },
        { userId: max.id, name: "Max", email: "max@example.org", role: "reviewer" },
        { userId: zoe.id, name: "Zoe", email: "zoe@example.org", role: "lead" },
      ]);

      expect(await store.removeMember(brief.id, max.id)).toBe(true);
      expect(await store.removeMember(brief.id, max.id)).toBe(false);
      expect(await store.getMembership(brief.id, max.id)).toBeNull();
      expect((await store.listMembers(brief.id)).map((m) => m.name)).toEqual(["Ada", "Zoe"]);
      expect(await store.listMembers("no-such-brief")).toEqual([]);
    });
  });

  describe("invites", () => {
    it("creates an invite and reads it back by token hash", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const invite = await store.createInvite({
        tokenHash: "tok-1",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      expect(invite).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        tokenHash: "tok-1",
        briefId: brief.id,
        email: null,
        role: "editor",
        createdBy: lead.id,
        createdAt: expect.stringMatching(ISO_PATTERN),
        expiresAt: FAR_FUTURE,
        acceptedBy: null,
      });
      expect(await store.getInvite("tok-1")).toEqual(invite);
      expect(await store.getInvite("tok-2")).toBeNull();
    });

    it("accepts an invite once: the first user joins with its role, a second acceptance is refused", async () => {
      const store = await harness.open();
      const lead = await buildUser(store, { name: "Lead" });
      const ada = await buildUser(store, { name: "Ada" });
      const bob = await buildUser(store, { name: "Bob" });
      const brief = await buildBrief(store, lead.id);
      const invite = await store.createInvite({
        tokenHash: "tok",
        briefId: brief.id,
        role: "reviewer",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });

      expect(await store.acceptInvite("tok", ada.id)).toBe(true);
      expect(await store.getInvite("tok")).toEqual({ ...invite, acceptedBy: ada.id });
      expect(await store.getMembership(brief.id, ada.id)).toMatchObject({
        briefId: brief.id,
        userId: ada.id,
        role: "reviewer",
      });

      expect(await store.acceptInvite("tok", bob.id)).toBe(false);
      expect(await store.acceptInvite("tok", ada.id)).toBe(false);
      expect(await store.getMembership(brief.id, bob.id)).toBeNull();
      expect(await store.getInvite("tok")).toEqual({ ...invite, acceptedBy: ada.id });
      expect(await store.acceptInvite("no-such-token", bob.id)).toBe(false);
    });

    it("accepted by someone already a member: marks it accepted and keeps their role", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      await store.createInvite({
        tokenHash: "tok",
        briefId: brief.id,
        role: "viewer",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      const before = await store.getMembership(brief.id, lead.id);

      expect(await store.acceptInvite("tok", lead.id)).toBe(true);
      expect(await store.getMembership(brief.id, lead.id)).toEqual(before);
      expect((await store.getInvite("tok"))?.acceptedBy).toBe(lead.id);
    });

    it("binds an invite to an e-mail and gives every invite its own public id", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const bound = await store.createInvite({
        tokenHash: "a",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
        email: "ada@example.org",
      });
      const open = await store.createInvite({
        tokenHash: "b",
        briefId: brief.id,
        role: "viewer",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
        email: null,
      });
      expect(await store.getInvite("a")).toEqual(bound);
      expect(bound.email).toBe("ada@example.org");
      expect(open.email).toBeNull();
      expect(bound.id).not.toBe(open.id);
      expect([bound.id, open.id]).not.toContain("a");
    });

    it("lists a brief's pending invites oldest first: not accepted, not expired, not another brief's", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const ada = await buildUser(store, { name: "Ada" });
      const brief = await buildBrief(store, lead.id);
      const other = await buildBrief(store, lead.id, "Other");
      const first = await store.createInvite({
        tokenHash: "first",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      await store.createInvite({
        tokenHash: "expired",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: "2026-01-01T00:00:00.000Z",
      });
      await store.createInvite({
        tokenHash: "used",
        briefId: brief.id,
        role: "viewer",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      await store.createInvite({
        tokenHash: "elsewhere",
        briefId: other.id,
        role: "viewer",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      const last = await store.createInvite({
        tokenHash: "last",
        briefId: brief.id,
        role: "reviewer",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
        email: "bo@example.org",
      });
      expect(await store.acceptInvite("used", ada.id)).toBe(true);

      expect(await store.listPendingInvites(brief.id, "2026-06-01T00:00:00.000Z")).toEqual([first, last]);
      // At an instant past every expiry nothing is pending.
      expect(await store.listPendingInvites(brief.id, "3000-01-01T00:00:00.000Z")).toEqual([]);
      expect(await store.listPendingInvites("no-such-brief", "2026-06-01T00:00:00.000Z")).toEqual([]);
    });

    it("revokes a pending invite by its id within its brief only, once; an accepted one stays", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const ada = await buildUser(store, { name: "Ada" });
      const brief = await buildBrief(store, lead.id);
      const other = await buildBrief(store, lead.id, "Other");
      const pending = await store.createInvite({
        tokenHash: "p",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      const used = await store.createInvite({
        tokenHash: "u",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      await store.acceptInvite("u", ada.id);

      expect(await store.deleteInvite(other.id, pending.id)).toBe(false);
      expect(await store.getInvite("p")).toEqual(pending);
      expect(await store.deleteInvite(brief.id, pending.id)).toBe(true);
      expect(await store.getInvite("p")).toBeNull();
      expect(await store.deleteInvite(brief.id, pending.id)).toBe(false);
      expect(await store.acceptInvite("p", ada.id)).toBe(false);
      expect(await store.deleteInvite(brief.id, used.id)).toBe(false);
      expect(await store.getInvite("u")).toEqual({ ...used, acceptedBy: ada.id });
    });

    it("a lead's pending invites die when they are demoted or removed, and stay dead if they are made lead again", async () => {
      const store = await harness.open();
      const lead = await buildUser(store, { name: "Lead" });
      const second = await buildUser(store, { name: "Second" });
      const third = await buildUser(store, { name: "Third" });
      const ada = await buildUser(store, { name: "Ada" });
      const brief = await buildBrief(store, lead.id);
      const other = await buildBrief(store, second.id, "Other");
      await store.putMember(brief.id, second.id, "lead");
      await store.putMember(brief.id, third.id, "lead");
      const kept = await store.createInvite({
        tokenHash: "kept",
        briefId: brief.id,
        role: "editor",
        createdBy: lead.id,
        expiresAt: FAR_FUTURE,
      });
      await store.createInvite({
        tokenHash: "by-second",
        briefId: brief.id,
        role: "lead",
        createdBy: second.id,
        expiresAt: FAR_FUTURE,
      });
      await store.createInvite({
        tokenHash: "by-second-accepted",
        briefId: brief.id,
        role: "viewer",
        createdBy: second.id,
        expiresAt: FAR_FUTURE,
      });
      const secondsOther = await store.createInvite({
        tokenHash: "by-second-other",
        briefId: other.id,
        role: "viewer",
        createdBy: second.id,
        expiresAt: FAR_FUTURE,
      });
      await store.createInvite({
        tokenHash: "by-third",
        briefId: brief.id,
        role: "lead",
        createdBy: third.id,
        expiresAt: FAR_FUTURE,
      });
      await store.acceptInvite("by-second-accepted", ada.id);

      // A lead staying a lead (putMember with the same role) keeps their invites.
      await store.putMember(brief.id, second.id, "lead");
      expect(await store.getInvite("by-second")).not.toBeNull();

      await store.putMember(brief.id, second.id, "editor");
      expect(await store.getInvite("by-second")).toBeNull();
      expect((await store.getInvite("by-second-accepted"))?.acceptedBy).toBe(ada.id);
      expect(await store.getInvite("by-second-other")).toEqual(secondsOther);
      await store.putMember(brief.id, second.id, "lead");
      expect(await store.getInvite("by-second")).toBeNull();

      expect(await store.removeMember(brief.id, third.id)).toBe(true);
      expect(await store.getInvite("by-third")).toBeNull();
      expect(await store.listPendingInvites(brief.id, "2026-06-01T00:00:00.000Z")).toEqual([kept]);
    });
  });

  describe("signup requests", () => {
    const request = (tokenHash: string, email = "new@example.org") => ({
      tokenHash,
      email,
      name: "New Person",
      passwordHash: "scrypt$xyz",
      inviteTokenHash: null,
      expiresAt: FAR_FUTURE,
    });

    it("stores a signup request and hands it out once", async () => {
      const store = await harness.open();
      await store.createSignupRequest({ ...request("s1"), inviteTokenHash: "inv" });
      await store.createSignupRequest(request("s2", "other@example.org"));
      expect(await store.takeSignupRequest("s1")).toEqual({
        ...request("s1"),
        inviteTokenHash: "inv",
        createdAt: expect.stringMatching(ISO_PATTERN),
      });
      expect(await store.takeSignupRequest("s1")).toBeNull();
      expect(await store.takeSignupRequest("no-such-token")).toBeNull();
      expect((await store.takeSignupRequest("s2"))?.email).toBe("other@example.org");
    });

    it("hands out an expired request too (the caller refuses it), but sweeps it when another is stored", async () => {
      const store = await harness.open();
      await store.createSignupRequest({ ...request("old"), expiresAt: "2026-01-01T00:00:00.000Z" });
      expect((await store.takeSignupRequest("old"))?.expiresAt).toBe("2026-01-01T00:00:00.000Z");
      await store.createSignupRequest({ ...request("old2"), expiresAt: "2026-01-01T00:00:00.000Z" });
      await store.createSignupRequest(request("fresh"));
      // MongoDB's TTL monitor sweeps on its own schedule (about a minute), so only SQLite's sweep is exact.
      if (store.kind === "sqlite") expect(await store.takeSignupRequest("old2")).toBeNull();
      expect((await store.takeSignupRequest("fresh"))?.email).toBe("new@example.org");
    });
  });

  describe("sectors", () => {
    it("appends sectors in order, per brief, and reads them back", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const other = await buildBrief(store, lead.id, "Other");
      const energy = await store.createSector({ briefId: brief.id, name: "Energy", description: "Power and heat." });
      expect(energy).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: brief.id,
        name: "Energy",
        description: "Power and heat.",
        position: 0,
      });
      const industry = await buildSector(store, brief.id, "Industry");
      const transport = await buildSector(store, brief.id, "Transport");
      const elsewhere = await buildSector(store, other.id, "Elsewhere");

      expect([industry.position, transport.position, elsewhere.position]).toEqual([1, 2, 0]);
      expect(await store.listSectors(brief.id)).toEqual([energy, industry, transport]);
      expect(await store.getSector(industry.id)).toEqual(industry);
      expect(await store.getSector("no-such-sector")).toBeNull();
      expect(await store.listSectors("no-such-brief")).toEqual([]);
    });

    it("updates name, description and position, and lists by the new positions", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const energy = await buildSector(store, brief.id, "Energy");
      const industry = await buildSector(store, brief.id, "Industry");

      const renamed = await store.updateSector(energy.id, { name: "Power", position: 5 });
      expect(renamed).toEqual({ ...energy, name: "Power", position: 5 });
      const described = await store.updateSector(industry.id, { description: "Steel, cement." });
      expect(described).toEqual({ ...industry, description: "Steel, cement." });
      expect(await store.listSectors(brief.id)).toEqual([described, renamed]);
      expect(await store.updateSector("no-such-sector", { name: "x" })).toBeNull();

      // A new sector goes after the highest position, not after the count.
      expect((await buildSector(store, brief.id, "Transport")).position).toBe(6);
    });

    it("gives sectors created at the same moment distinct places, all after the last one", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const first = await buildSector(store, brief.id, "First");
      await store.updateSector(first.id, { position: 4 });

      const names = ["A", "B", "C", "D", "E", "F", "G", "H"];
      const created = await Promise.all(names.map((name) => buildSector(store, brief.id, name)));

      expect(created.map((sector) => sector.position).sort((x, y) => x - y)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
      expect((await store.listSectors(brief.id)).map((sector) => sector.position)).toEqual([
        4, 5, 6, 7, 8, 9, 10, 11, 12,
      ]);
    });

    it("deletes an empty sector and refuses one that still has recommendations", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const empty = await buildSector(store, brief.id, "Empty");
      const full = await buildSector(store, brief.id, "Full");
      await buildRecommendation(store, full, lead.id, "Keep me");

      expect(await store.deleteSector(empty.id)).toBe(true);
      expect(await store.deleteSector(empty.id)).toBe(false);
      expect(await store.getSector(empty.id)).toBeNull();

      await expect(store.deleteSector(full.id)).rejects.toBeInstanceOf(ConflictError);
      expect(await store.getSector(full.id)).toEqual(full);
      expect((await store.listRecommendations(brief.id)).map((r) => r.title)).toEqual(["Keep me"]);
    });
  });

  describe("recommendations", () => {
    it("creates drafts appended per sector", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const energy = await buildSector(store, brief.id, "Energy");
      const industry = await buildSector(store, brief.id, "Industry");
      const first = await store.createRecommendation({
        briefId: brief.id,
        sectorId: energy.id,
        title: "Price carbon",
        ownerId: lead.id,
      });
      expect(first).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: brief.id,
        sectorId: energy.id,
        title: "Price carbon",
        status: "draft",
        ownerId: lead.id,
        position: 0,
        citedEvidenceIds: [],
        citationIds: [],
        createdAt: expect.stringMatching(ISO_PATTERN),
        updatedAt: first.createdAt,
      });
      const second = await buildRecommendation(store, energy, lead.id, "Build grids");
      const elsewhere = await buildRecommendation(store, industry, lead.id, "Green steel");
      expect([second.position, elsewhere.position]).toEqual([1, 0]);
      expect(await store.getRecommendation(first.id)).toEqual(first);
      expect(await store.getRecommendation("no-such-recommendation")).toBeNull();
    });

    it("lists by sector position then position, filtered by sector and status", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const other = await buildBrief(store, lead.id, "Other");
      const energy = await buildSector(store, brief.id, "Energy");
      const industry = await buildSector(store, brief.id, "Industry");
      const i1 = await buildRecommendation(store, industry, lead.id, "I1");
      const e1 = await buildRecommendation(store, energy, lead.id, "E1");
      const i2 = await buildRecommendation(store, industry, lead.id, "I2");
      const e2 = await buildRecommendation(store, energy, lead.id, "E2");
      await buildRecommendation(store, await buildSector(store, other.id, "Elsewhere"), lead.id, "X1");
      const e2Review = await store.updateRecommendation(e2.id, { status: "in_review" });
      const i1Review = await store.updateRecommendation(i1.id, { status: "in_review" });

      expect(await store.listRecommendations(brief.id)).toEqual([e1, e2Review, i1Review, i2]);
      expect(await store.listRecommendations(brief.id, { sectorId: industry.id })).toEqual([i1Review, i2]);
      expect(await store.listRecommendations(brief.id, { status: "in_review" })).toEqual([e2Review, i1Review]);
      expect(await store.listRecommendations(brief.id, { sectorId: energy.id, status: "in_review" })).toEqual([
        e2Review,
      ]);
      expect(await store.listRecommendations(brief.id, { status: "approved" })).toEqual([]);

      await store.updateSector(industry.id, { position: -1 });
      await store.updateRecommendation(i2.id, { position: -1 });
      expect((await store.listRecommendations(brief.id)).map((r) => r.title)).toEqual(["I2", "I1", "E1", "E2"]);
    });

    it("updates the given fields, bumps updatedAt, and moves one to the sector and position it is given", async () => {
      const store = await harness.open();
      const lead = await buildUser(store, { name: "Lead" });
      const ada = await buildUser(store, { name: "Ada" });
      const brief = await buildBrief(store, lead.id);
      const energy = await buildSector(store, brief.id, "Energy");
      const industry = await buildSector(store, brief.id, "Industry");
      await buildRecommendation(store, industry, lead.id, "Already here");
      const rec = await buildRecommendation(store, energy, lead.id, "Price carbon");

      const edited = await store.updateRecommendation(rec.id, {
        title: "Price carbon fairly",
        ownerId: ada.id,
        citedEvidenceIds: ["ev-2", "ev-1"],
      });
      expect(edited).toEqual({
        ...rec,
        title: "Price carbon fairly",
        ownerId: ada.id,
        citedEvidenceIds: ["ev-2", "ev-1"],
        updatedAt: edited!.updatedAt,
      });
      expect(edited!.updatedAt > rec.updatedAt).toBe(true);

      // Where a moved one goes is the command's rule (commands/recommendations.ts): the store writes the position it is given.
      const moved = await store.updateRecommendation(rec.id, { sectorId: industry.id, position: 4 });
      expect(moved).toEqual({ ...edited, sectorId: industry.id, position: 4, updatedAt: moved!.updatedAt });
      expect(moved!.updatedAt > edited!.updatedAt).toBe(true);
      const placed = await store.updateRecommendation(rec.id, {
        sectorId: energy.id,
        position: 7,
        status: "in_review",
      });
      expect(placed).toEqual({
        ...moved,
        sectorId: energy.id,
        position: 7,
        status: "in_review",
        updatedAt: placed!.updatedAt,
      });
      expect(await store.getRecommendation(rec.id)).toEqual(placed);
      expect(await store.updateRecommendation("no-such-recommendation", { title: "x" })).toBeNull();
    });

    it("gives recommendations created at the same moment in one sector distinct places, all after the last one", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const energy = await buildSector(store, brief.id, "Energy");
      const industry = await buildSector(store, brief.id, "Industry");
      const gap = await buildRecommendation(store, energy, lead.id, "Moved away later");
      await buildRecommendation(store, energy, lead.id, "Stays at 1");
      await store.updateRecommendation(gap.id, { sectorId: industry.id, position: 0 });

      const titles = ["A", "B", "C", "D", "E", "F", "G", "H"];
      const created = await Promise.all(titles.map((title) => buildRecommendation(store, energy, lead.id, title)));

      // After the highest (1), not after the count (1): positions 2 to 9, each once.
      expect(created.map((r) => r.position).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      expect((await store.listRecommendations(brief.id, { sectorId: energy.id })).map((r) => r.position)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });

    it("refuses a recommendation in a sector that is gone, and stores nothing", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const gone = await buildSector(store, brief.id, "Gone");
      expect(await store.deleteSector(gone.id)).toBe(true);

      await expect(buildRecommendation(store, gone, lead.id, "Orphan")).rejects.toThrow();
      expect(await store.listRecommendations(brief.id)).toEqual([]);
      expect(await store.listRecommendations(brief.id, { sectorId: gone.id })).toEqual([]);
    });

    it("deletes a recommendation together with its document, and nothing else", async () => {
      const store = await harness.open();
      const lead = await buildUser(store);
      const brief = await buildBrief(store, lead.id);
      const energy = await buildSector(store, brief.id, "Energy");
      const doomed = await buildRecommendation(store, energy, lead.id, "Doomed");
      const kept = await buildRecommendation(store, energy, lead.id, "Kept");
      for (const rec of [doomed, kept]) {
        await store.appendUpdates(rec.id, [Uint8Array.of(1, 2, 3)]);
        await store.compactDocument(rec.id, () => Uint8Array.of(9, 9));
        await store.appendUpdates(rec.id, [Uint8Array.of(4)]);
      }

      expect(await store.deleteRecommendation(doomed.id)).toBe(true);
      expect(await store.getRecommendation(doomed.id)).toBeNull();
      expect(await store.loadDocument(doomed.id)).toEqual({ snapshot: null, updates: [] });
      expect(await store.documentStats(doomed.id)).toEqual({ updateCount: 0, updateBytes: 0 });
      expect(await store.deleteRecommendation(doomed.id)).toBe(false);

      expect(await store.listRecommendations(brief.id)).toEqual([kept]);
      expect(await store.loadDocument(kept.id)).toEqual({ snapshot: Uint8Array.of(9, 9), updates: [Uint8Array.of(4)] });
    });
  });
}
