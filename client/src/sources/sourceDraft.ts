import { bareDoi } from "./formatSource";
import type { CslDate, CslItem, CslName, CslType } from "@accord/domain";

/** The hand-entry form's fields, as typed. */
export interface SourceDraft {
  type: CslType;
  title: string;
  /** One name a line: "Family, Given" for a person, anything without a comma for an organisation. */
  authors: string;
  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
  date: string;
  url: string;
  doi: string;
  publisher: string;
  container: string;
}

export type DraftField = keyof SourceDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

/** The server's limits (CITATIONS.md §4), told before sending. */
export const MAX_TITLE_LENGTH = 2000;
export const MAX_NAMES = 100;

export const EMPTY_DRAFT: SourceDraft = {
  type: "webpage",
  title: "",
  authors: "",
  date: "",
  url: "",
  doi: "",
  publisher: "",
  container: "",
};

function nameLine(name: CslName): string {
  if ("literal" in name) return name.literal;
  return name.given ? `${name.family}, ${name.given}` : `${name.family},`;
}

function dateText(date: CslDate | undefined): string {
  const parts = date?.["date-parts"]?.[0] ?? [];
  const [year, month, day] = parts.map((part) => Number(part));
  if (year === undefined || !Number.isInteger(year)) return "";
  const pad = (value: number) => String(value).padStart(2, "0");
  if (month === undefined || !Number.isInteger(month)) return String(year);
  if (day === undefined || !Number.isInteger(day)) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function draftFromCsl(csl: CslItem): SourceDraft {
  return {
    type: csl.type,
    title: csl.title,
    authors: (csl.author ?? []).map(nameLine).join("\n"),
    date: dateText(csl.issued),
    url: csl.URL ?? "",
    doi: csl.DOI ?? "",
    publisher: csl.publisher ?? "",
    container: csl["container-title"] ?? "",
  };
}

/** "Family, Given" → a person; a line with no comma → an organisation's literal name. */
export function parseNames(text: string): CslName[] {
  const names: CslName[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const comma = trimmed.indexOf(",");
    if (comma < 0) {
      names.push({ literal: trimmed });
      continue;
    }
    const family = trimmed.slice(0, comma).trim();
    const given = trimmed.slice(comma + 1).trim();
    if (!family) names.push({ literal: given });
    else names.push(given ? { family, given } : { family });
  }
  return names;
}

// Anchored, no nested quantifiers: linear on any input.
const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

/** The date as CSL date-parts, or a sentence saying what is wrong with it. */
export function parseDate(text: string): CslDate | string {
  const match = DATE.exec(text.trim());
  if (!match) return "Write the date as YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-03, 2024-03-12).";
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return "The month must be between 01 and 12.";
  if (day !== undefined && (day < 1 || day > 31)) return "The day must be between 01 and 31.";
  const parts: CslDate["date-parts"][0] =
    month === undefined ? [year] : day === undefined ? [year, month] : [year, month, day];
  return { "date-parts": [parts] };
}

function isWebAddress(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * The CSL item the form describes, or what to fix first. Editing keeps everything the form
 * does not show (volume, pages, editors…) and every field left as it was, exactly as stored:
 * only the fields the person changed are read back from the form.
 */
export function cslFromDraft(draft: SourceDraft, original?: CslItem): { csl: CslItem } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const before = original ? draftFromCsl(original) : EMPTY_DRAFT;
  const changed = (field: DraftField) => !original || draft[field].trim() !== before[field].trim();
  const csl: CslItem = original ? { ...original } : { type: draft.type, title: "" };

  csl.type = draft.type;

  const title = draft.title.trim();
  if (!title) errors.title = "Give the source a title.";
  else if (title.length > MAX_TITLE_LENGTH)
    errors.title = `Keep the title under ${MAX_TITLE_LENGTH.toLocaleString("en")} characters.`;
  else if (changed("title")) csl.title = title;

  if (changed("authors")) {
    const names = parseNames(draft.authors);
    if (names.length > MAX_NAMES) errors.authors = `List at most ${MAX_NAMES} authors.`;
    else if (names.length === 0) delete csl.author;
    else csl.author = names;
  }

  if (changed("date")) {
    if (!draft.date.trim()) delete csl.issued;
    else {
      const issued = parseDate(draft.date);
      if (typeof issued === "string") errors.date = issued;
      else csl.issued = issued;
    }
  }

  if (changed("url")) {
    const url = draft.url.trim();
    if (!url) delete csl.URL;
    else if (!isWebAddress(url)) errors.url = "Give a full web address starting with http:// or https://.";
    else csl.URL = url;
  }

  if (changed("doi")) {
    const doi = bareDoi(draft.doi);
    if (!doi) delete csl.DOI;
    else if (!doi.startsWith("10.") || !doi.includes("/"))
      errors.doi = "A DOI starts with 10. and holds a slash, as in 10.1000/182.";
    else csl.DOI = doi;
  }

  for (const [field, key] of [
    ["publisher", "publisher"],
    ["container", "container-title"],
  ] as const) {
    if (!changed(field)) continue;
    const value = draft[field].trim();
    if (value) csl[key] = value;
    else delete csl[key];
  }

  return Object.keys(errors).length > 0 ? { errors } : { csl };
}

/**
 * Which form field a server's 400 is about. The server names CSL fields ("title", "author",
 * "csl.issued", "URL"…); anything else is shown above the form.
 */
export function draftFieldOf(serverField: string | undefined): DraftField | null {
  if (!serverField) return null;
  const name = serverField.replace(/^csl\./, "").split(/[.[]/, 1)[0] ?? "";
  switch (name) {
    case "type":
      return "type";
    case "title":
      return "title";
    case "author":
      return "authors";
    case "issued":
      return "date";
    case "URL":
      return "url";
    case "DOI":
      return "doi";
    case "publisher":
      return "publisher";
    case "container-title":
      return "container";
    default:
      return null;
  }
}
