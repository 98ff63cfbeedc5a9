import type { Invite } from "@accord/domain";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../config.js";
import { assertAdmitted, emailDomain, SignupNotAllowedError, type SignupPolicy } from "./signupPolicy.js";

const INVITE: Invite = {
  id: "i",
  tokenHash: "h",
  briefId: "b",
  email: null,
  role: "editor",
  createdBy: "u",
  createdAt: "2026-01-01T00:00:00.000Z",
  expiresAt: "2999-01-01T00:00:00.000Z",
  acceptedBy: null,
};

const open: SignupPolicy = { mode: "open", domains: [] };
const invite: SignupPolicy = { mode: "invite", domains: [] };
const domains: SignupPolicy = { mode: "domains", domains: ["example.org", "think.tank"] };

/** What the policy answers: "admitted", or the refusal's status and field. */
function outcome(policy: SignupPolicy, email: string, withInvite: boolean): string {
  try {
    assertAdmitted(policy, email, withInvite ? INVITE : null);
    return "admitted";
  } catch (error) {
    if (!(error instanceof SignupNotAllowedError)) throw error;
    return `${error.status} ${error.field}`;
  }
}

describe("who may sign up", () => {
  it.each([
    [open, "anyone@anywhere.example", false, "admitted"],
    [open, "anyone@anywhere.example", true, "admitted"],
    [invite, "ana@example.org", false, "403 inviteToken"],
    [invite, "ana@example.org", true, "admitted"],
    [domains, "ana@example.org", false, "admitted"],
    [domains, "ana@THINK.tank", false, "admitted"],
    [domains, "eve@evil.example", false, "403 email"],
    [domains, "eve@sub.example.org", false, "403 email"],
    [domains, "eve@example.org.evil.example", false, "403 email"],
    [domains, "eve@evil.example", true, "admitted"],
  ] as const)("%o admits %s (invite: %s): %s", (policy, email, withInvite, expected) => {
    expect(outcome(policy, email, withInvite)).toBe(expected);
  });

  it("takes the domain after the last @", () => {
    expect(emailDomain("a@b@Example.ORG")).toBe("example.org");
  });
});

describe("signup settings", () => {
  it("reads SIGNUP_MODE, SIGNUP_DOMAINS (trimmed, lower-cased), SMTP_URL, MAIL_FROM and the link's lifetime", () => {
    const parsed = parseConfig({
      SIGNUP_MODE: "domains",
      SIGNUP_DOMAINS: " Example.org, think.tank ,",
      SMTP_URL: "smtps://user:secret@mail.example.org:465",
      EMAIL_LINK_TTL_HOURS: "2",
      PUBLIC_URL: "https://accord.example.org",
    });
    expect(
      parsed.ok && {
        mode: parsed.config.signupMode,
        domains: parsed.config.signupDomains,
        smtp: parsed.config.smtpUrl,
        from: parsed.config.mailFrom,
        ttl: parsed.config.emailLinkTtlMs,
        rate: parsed.config.signupRateLimit,
      },
    ).toEqual({
      mode: "domains",
      domains: ["example.org", "think.tank"],
      smtp: "smtps://user:secret@mail.example.org:465",
      from: "Accord <no-reply@accord.example.org>",
      ttl: 7_200_000,
      rate: 10,
    });
  });

  it("defaults to open signup without mail, and refuses domains mode without domains, an unknown mode or a non-SMTP URL", () => {
    const defaults = parseConfig({});
    expect(defaults.ok && [defaults.config.signupMode, defaults.config.smtpUrl]).toEqual(["open", undefined]);
    const problems = (env: NodeJS.ProcessEnv) => {
      const parsed = parseConfig(env);
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problems({ SIGNUP_MODE: "domains" })).toEqual([
      "SIGNUP_DOMAINS: SIGNUP_MODE=domains needs at least one domain (example.org,think.tank)",
    ]);
    expect(problems({ SIGNUP_MODE: "closed" })[0]).toMatch(/^SIGNUP_MODE: /);
    expect(problems({ SMTP_URL: "http://mail.example.org" })).toEqual([
      "SMTP_URL: must start with smtp:// or smtps://",
    ]);
    expect(problems({ SIGNUP_DOMAINS: "example.org,not a domain" })[0]).toMatch(/^SIGNUP_DOMAINS/);
  });
});
