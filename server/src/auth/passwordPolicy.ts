import type { Score, ZxcvbnFactory } from "@zxcvbn-ts/core";
import { ValidationError } from "../errors.js";

/** The shortest password accepted, in characters (code points), counted after trimming surrounding whitespace. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * zxcvbn's score (0–4) a new password must reach: 3 is "safely unguessable: moderate protection
 * from an offline slow-hash scenario", which is what the stored scrypt hash is.
 */
export const MIN_PASSWORD_SCORE: Score = 3;

/**
 * Only this many characters are judged. zxcvbn's matching grows faster than linearly with the
 * length (the l33t matcher above all): 256 characters of `p@ssw0rd1` took ~0.5 s of the event
 * loop here. A password longer than this whose first 64 characters are strong is strong.
 */
const JUDGED_LENGTH = 64;
/** zxcvbn's default (100) let one 64-character l33t-heavy password take ~60 ms; 4 keeps it near 10. */
const L33T_MAX_SUBSTITUTIONS = 4;

// Unicode properties, one character class: linear, nothing to backtrack over.
const CONTROL = /\p{Cc}/u;

let checker: Promise<ZxcvbnFactory> | null = null;

/**
 * Loaded and built on first use, not at import, then kept: its ranked dictionaries take ~70 ms to
 * build, and loading them adds ~10 MB to a server that may see no signup for days (an idle
 * server's memory, issue 16). It holds no state between checks, only the dictionaries, so every
 * server of the process may share it.
 */
function passwordChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]).then(
    ([{ ZxcvbnFactory }, { adjacencyGraphs, dictionary }]) =>
      new ZxcvbnFactory({
        dictionary: { ...dictionary },
        graphs: adjacencyGraphs,
        maxLength: JUDGED_LENGTH,
        l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
      }),
  );
  // A failed load is not kept: the next check tries again.
  checker.catch(() => (checker = null));
  return checker;
}

/** What the person chose, in words, for the message (the field the form shows it in). */
function label(field: string): string {
  return field === "newPassword" ? "The new password" : "The password";
}

/** The person's own details, which a password must not lean on: the whole email, its parts, the name and its words. */
function userInputs(context: { email?: string; name?: string }): string[] {
  const inputs = new Set<string>();
  const email = context.email?.trim().toLowerCase();
  if (email) {
    inputs.add(email);
    const at = email.lastIndexOf("@");
    if (at > 0) {
      inputs.add(email.slice(0, at));
      inputs.add(email.slice(at + 1));
    }
  }
  const name = context.name?.trim().toLowerCase();
  if (name) {
    inputs.add(name);
    inputs.add(name.replaceAll(" ", ""));
    for (const word of name.split(" ")) if (word.length >= 3) inputs.add(word);
  }
  return [...inputs];
}

/** Why zxcvbn found the password guessable, in the words of this app's messages. */
function reason(warning: string | null): string {
  switch (warning) {
    case "topTen":
    case "topHundred":
    case "common":
      return "is one of the most common passwords";
    case "similarToCommon":
      return "is too close to a common password";
    case "userInputs":
      return "contains your name or email address";
    case "straightRow":
    case "keyPattern":
      return "is a pattern of neighbouring keys";
    case "simpleRepeat":
    case "extendedRepeat":
      return "repeats the same characters";
    case "sequences":
      return "is a simple sequence like abcd or 1234";
    case "recentYears":
    case "dates":
      return "leans on a date or year";
    default:
      return "is too easy to guess";
  }
}

/**
 * Refuses a new password (signup, password change, invite signup) with a ValidationError naming
 * `field`, in plain words. The rules, in order:
 * 1. no control characters (NUL, line breaks, tabs…): nobody types them, and a password of ten
 *    NULs must not pass as ten characters;
 * 2. at least MIN_PASSWORD_LENGTH characters once spaces at either end are trimmed (after the
 *    same NFKC normalization the hash uses), so ten spaces are no password;
 * 3. not guessable: zxcvbn with the common-password dictionaries and the person's email and
 *    name must score at least MIN_PASSWORD_SCORE.
 * Bounded (~10 ms of the event loop at worst, see JUDGED_LENGTH, once zxcvbn is loaded: the first
 * check loads it); callers keep the attempts behind a rate limit or an authenticated session.
 */
export async function checkNewPassword(
  password: string,
  context: { email?: string; name?: string },
  field = "password",
): Promise<void> {
  const normalized = password.normalize("NFKC");
  if (CONTROL.test(normalized)) {
    throw new ValidationError(
      `${label(field)} contains an invisible control character (such as a tab or line break). Use letters, digits, spaces and symbols.`,
      field,
    );
  }
  const trimmed = normalized.trim();
  if ([...trimmed].length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(
      `${label(field)} needs at least ${MIN_PASSWORD_LENGTH} characters, not counting spaces at either end.`,
      field,
    );
  }
  const result = (await passwordChecker()).check(trimmed, userInputs(context));
  if (result.score < MIN_PASSWORD_SCORE) {
    throw new ValidationError(
      `${label(field)} ${reason(result.feedback.warning)}. Try a longer phrase of a few unrelated words.`,
      field,
    );
  }
}
