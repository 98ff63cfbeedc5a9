import type { Invite } from "@accord/domain";
import type { SignupMode } from "../config.js";
import { AppError } from "../errors.js";

export interface SignupPolicy {
  mode: SignupMode;
  /** Lower-cased; only read in `domains` mode. */
  domains: readonly string[];
}

/** The server's signup setting refused this signup (not the person's details): 403, naming the field to change. */
export class SignupNotAllowedError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
}

/** The part after the last `@` (the schema has checked it is an address), lower-cased. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * Whether the policy admits a new account for `email`, given the open invite it came with (if
 * any, already checked to be open and, when bound, to name this e-mail). An invite admits its
 * holder in every mode; `domains` admits its domains exactly (not their subdomains). Throws
 * with a message that says what would admit the person; never depends on whether the address
 * already has an account.
 */
export function assertAdmitted(policy: SignupPolicy, email: string, invite: Invite | null): void {
  if (invite || policy.mode === "open") return;
  if (policy.mode === "invite") {
    throw new SignupNotAllowedError(
      "This server creates accounts from invite links only: ask a lead of a brief to invite you.",
      "inviteToken",
    );
  }
  if (!policy.domains.includes(emailDomain(email))) {
    throw new SignupNotAllowedError(
      `This server creates accounts for e-mail addresses at ${policy.domains.join(", ")} only, or from an invite link.`,
      "email",
    );
  }
}
