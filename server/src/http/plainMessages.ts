import type { z } from "zod";

/**
 * How a field is spoken of: the subject of a sentence about it ("The title", "Your password")
 * and what to ask for when it is missing ("Enter a title."). Fields of the request bodies and
 * queries; one name means one thing across routes (a `name` is a person's, a sector's or a
 * brief's, so it is "a name").
 */
interface FieldWords {
  subject: string;
  missing: string;
}

const FIELDS: Readonly<Record<string, FieldWords>> = {
  email: { subject: "The e-mail address", missing: "Enter your e-mail address." },
  password: { subject: "Your password", missing: "Enter your password." },
  currentPassword: { subject: "Your current password", missing: "Enter your current password." },
  newPassword: { subject: "The new password", missing: "Enter a new password." },
  name: { subject: "The name", missing: "Enter a name." },
  title: { subject: "The title", missing: "Enter a title." },
  description: { subject: "The description", missing: "Enter a description." },
  role: { subject: "The role", missing: "Choose a role." },
  inviteToken: { subject: "The invite link", missing: "Open the whole invite link." },
  token: { subject: "The confirmation link", missing: "Open the whole link from the e-mail." },
  sectorId: { subject: "The sector", missing: "Choose a sector." },
  sectorIds: { subject: "The sectors", missing: "Choose at least one sector." },
  ownerId: { subject: "The owner", missing: "Choose an owner." },
  recommendationId: { subject: "The recommendation", missing: "Choose a recommendation." },
  reportId: { subject: "The report", missing: "Choose a report." },
  evidenceId: { subject: "The passage", missing: "Choose a passage." },
  sourceId: { subject: "The source", missing: "Choose a source." },
  sourceIds: { subject: "The chosen sources", missing: "Choose at least one source." },
  notes: { subject: "The chosen footnotes", missing: "Choose at least one footnote." },
  ids: { subject: "The list of ids", missing: "Give at least one id." },
  position: { subject: "The position", missing: "Give a position." },
  to: { subject: "The new status", missing: "Choose a status." },
  status: { subject: "The status", missing: "Choose a status." },
  statuses: { subject: "The statuses", missing: "Choose at least one status." },
  note: { subject: "The note", missing: "Write a note." },
  body: { subject: "The comment", missing: "Write a comment." },
  quote: { subject: "The quoted text", missing: "Select the words to quote." },
  anchor: { subject: "The selected text", missing: "Select the text to comment on." },
  locator: { subject: "The page or locator", missing: "Enter a page or locator." },
  citationStyle: { subject: "The citation style", missing: "Choose a citation style." },
  format: { subject: "The format", missing: "Choose a format." },
  content: { subject: "The report text", missing: "Paste the report's text." },
  file: { subject: "The file", missing: "Choose a file to import." },
  copy: { subject: "The copy choice", missing: "Say whether to import a copy." },
  authors: { subject: "The list of authors", missing: "Enter the authors." },
  publisher: { subject: "The publisher", missing: "Enter the publisher." },
  date: { subject: "The date", missing: "Enter the date, like 2024 or 2024-05." },
  reportNumber: { subject: "The report number", missing: "Enter the report number." },
  q: { subject: "The search text", missing: "Enter something to search for." },
  section: { subject: "The section", missing: "Choose a section." },
  limit: { subject: "The number of results", missing: "Give a number of results." },
  csl: { subject: "The source", missing: "Enter the source's details." },
  bibtex: { subject: "The BibTeX text", missing: "Paste the BibTeX entries." },
  ris: { subject: "The RIS text", missing: "Paste the RIS entries." },
  xml: { subject: "The style file", missing: "Choose a CSL style file." },
  briefId: { subject: "The brief", missing: "Choose a brief." },
  restoredFrom: { subject: "The version to restore", missing: "Choose a version to restore." },
  suggestionId: { subject: "The suggestion", missing: "Choose a suggestion." },
  suggestEditsInReview: {
    subject: "The suggesting setting",
    missing: "Say whether editors suggest changes while in review.",
  },
};

/** "reportNumber" → "report number": for a field no entry names yet. */
function spokenName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** The words for the field at `path` (its first key: `quote.text` is the quote, `authors.3` the authors). */
export function fieldWords(path: readonly PropertyKey[]): FieldWords {
  const key = path.find((part): part is string => typeof part === "string");
  if (key === undefined) return { subject: "The request", missing: "Fill in the form." };
  const known = Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
  if (known) return known;
  const spoken = spokenName(key);
  return { subject: `The ${spoken}`, missing: `Fill in the ${spoken}.` };
}

/** "The title": how a sentence about the field `key` starts (the subject of FIELDS, or the key in words). */
export function fieldSubject(key: string): string {
  return fieldWords([key]).subject;
}

/**
 * A value from a person or a library, fit to quote inside a sentence: one line, at most `max`
 * characters (an ellipsis says where it was cut). Rendering escapes it; this only bounds it.
 */
export function bounded(value: string, max = 100): string {
  // Line breaks become spaces; runs of spaces stay (RIS's "TY  - " holds two).
  const line = value.replace(/[\r\n\t\v\f\u2028\u2029]+/g, " ").trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * A sentence from a library (a parser, an importer), bounded and ending in a full stop, to
 * follow our own opening sentence: "The BibTeX text could not be read. Entry 2 …".
 */
export function librarySentence(message: string, max = 300): string {
  const text = bounded(message, max);
  if (text === "") return "";
  const capital = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

function count(n: number | bigint, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 || n === 1n ? one : many}`;
}

/** "a, b or c", each as its own words (values of an enum are short, known words). */
function alternatives(values: readonly unknown[]): string {
  const words = values.map((value) => (typeof value === "string" ? value : JSON.stringify(value)));
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a set of fields",
  date: "a date",
};

/** A refinement's own words: a predicate ("must be YYYY…") follows the field; a sentence stands alone. */
function customSentence(message: string, words: FieldWords): string {
  const text = message.trim().replace(/\.$/, "");
  if (text === "" || text === "Invalid input") return `${words.subject} is not valid.`;
  if (/^(must|is|are|can|has|should)\b/.test(text)) return `${words.subject} ${text}.`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * One zod issue as a sentence a person can act on, naming the field in plain words:
 * "Enter your password.", "The title can be at most 200 characters.". Built from the issue's
 * kind and numbers, not from zod's own message, so every route words the same problem alike.
 * Parse with `reportInput: true` so that a missing value reads as missing.
 */
export function plainMessage(issue: z.core.$ZodIssue): string {
  const words = fieldWords(issue.path);
  const input: unknown = issue.input;
  const missing = input === undefined || input === null;
  switch (issue.code) {
    case "invalid_type":
      if (missing) return words.missing;
      return `${words.subject} must be ${EXPECTED[issue.expected] ?? "of another kind"}.`;
    case "too_small": {
      const n = issue.minimum;
      const exclusive = issue.inclusive === false;
      switch (issue.origin) {
        case "string":
          // min(1) after trim(): empty or blank text is missing text.
          if (Number(n) <= 1 && !exclusive) return words.missing;
          return `${words.subject} must be at least ${count(n, "character", "characters")}.`;
        case "array":
        case "set":
          if (Number(n) <= 1 && !exclusive) return words.missing;
          return `${words.subject} must have at least ${count(n, "entry", "entries")}.`;
        default:
          return `${words.subject} must be ${exclusive ? "more than" : "at least"} ${n.toLocaleString("en-US")}.`;
      }
    }
    case "too_big": {
      const n = issue.maximum;
      const exclusive = issue.inclusive === false;
      switch (issue.origin) {
        case "string":
          return `${words.subject} can be at most ${count(n, "character", "characters")}.`;
        case "array":
        case "set":
          return `${words.subject} can have at most ${count(n, "entry", "entries")}.`;
        default:
          return `${words.subject} must be ${exclusive ? "less than" : "at most"} ${n.toLocaleString("en-US")}.`;
      }
    }
    case "invalid_format":
      if (issue.format === "email") return "Enter a valid e-mail address, like ada@example.org.";
      if (issue.format === "url") return `${words.subject} must be a web address, like https://example.org.`;
      return `${words.subject} is not valid.`;
    case "invalid_value":
      if (missing) return words.missing;
      return `${words.subject} must be ${issue.values.length === 1 ? "" : "one of "}${alternatives(issue.values)}.`;
    case "not_multiple_of":
      return `${words.subject} must be a multiple of ${String(issue.divisor)}.`;
    case "unrecognized_keys":
      return `${issue.keys.length === 1 ? "This field is" : "These fields are"} not accepted here: ${issue.keys.map((key) => `“${key}”`).join(", ")}.`;
    case "invalid_union": {
      // The branch that got furthest says most (an address that is neither "" nor an e-mail).
      const telling = issue.errors
        .flat()
        .find((inner) => inner.code !== "invalid_type" && inner.code !== "invalid_value");
      if (telling) return plainMessage({ ...telling, path: [...issue.path, ...telling.path] } as z.core.$ZodIssue);
      return missing ? words.missing : `${words.subject} is not valid.`;
    }
    case "invalid_key":
    case "invalid_element":
      return `${words.subject} is not valid.`;
    case "custom":
      return customSentence(issue.message, words);
    default: {
      const exhaustive: never = issue;
      void exhaustive;
      return `${words.subject} is not valid.`;
    }
  }
}

/**
 * The field an issue is about, as the API has always named it: its path. Unknown keys sit on
 * the object itself, so they name no field (the message names them).
 */
export function issueField(issue: z.core.$ZodIssue): string | undefined {
  return issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
}
