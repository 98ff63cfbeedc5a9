/**
 * A bibliography source as CSL-JSON (CITATIONS.md §4), without `id`: the server stores it
 * under the source's own id. Only the fields below are kept; every other field is dropped,
 * so what reaches citeproc, the store and the client is a small, checked vocabulary.
 */

import { CSL_TYPES, type CslDate, type CslItem, type CslName, type CslType } from "@accord/domain";

// The vocabulary itself lives in @accord/domain, which the server and the client read too.
export { CSL_TYPES, type CslDate, type CslItem, type CslName, type CslType };

/** A title's length limit. @default 2000 */
export const MAX_CSL_TITLE_CHARS = 2000;
/** Names per role (author, editor). @default 100 */
export const MAX_CSL_NAMES = 100;
/** Any other text field (publisher, a name part, a URL…). @default 2000 */
export const MAX_CSL_TEXT_CHARS = 2000;
/** Short fields: volume, issue, page, edition, number, ISBN. @default 100 */
export const MAX_CSL_SHORT_CHARS = 100;

/** A CSL item that cannot be stored: `field` names the first wrong field (`author[2].family`). */
export class CslItemError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "CslItemError";
  }
}

const TYPES = new Set<string>(CSL_TYPES);
const TEXT_FIELDS = ["publisher", "publisher-place", "container-title"] as const;
const SHORT_FIELDS = ["volume", "issue", "page", "edition", "number", "ISBN"] as const;

/**
 * Checks and normalises CSL-JSON from a client or an importer: whitespace runs become one
 * space, numbers in short fields become strings, name particles fold into the name parts,
 * unknown fields are dropped. Throws `CslItemError` naming the first wrong field.
 */
export function validateCslItem(input: unknown): CslItem {
  if (!isRecord(input)) throw new CslItemError("csl", "must be an object");
  const type = input.type;
  if (typeof type !== "string" || !TYPES.has(type))
    throw new CslItemError("type", "must be a CSL item type such as webpage, book, report or article-journal");
  const title = text(input.title, "title", MAX_CSL_TITLE_CHARS);
  if (title === undefined) throw new CslItemError("title", "is required");
  const item: CslItem = { type: type as CslType, title };

  for (const role of ["author", "editor"] as const) {
    const names = nameList(input[role], role);
    if (names) item[role] = names;
  }
  for (const field of ["issued", "accessed"] as const) {
    const date = cslDate(input[field], field);
    if (date) item[field] = date;
  }
  const url = text(input.URL, "URL", MAX_CSL_TEXT_CHARS);
  if (url !== undefined) item.URL = httpUrl(url);
  const doi = text(input.DOI, "DOI", MAX_CSL_SHORT_CHARS * 2);
  if (doi !== undefined) item.DOI = checkDoi(doi);
  for (const field of TEXT_FIELDS) {
    const value = text(input[field], field, MAX_CSL_TEXT_CHARS);
    if (value !== undefined) item[field] = value;
  }
  for (const field of SHORT_FIELDS) {
    const value = text(
      typeof input[field] === "number" ? String(input[field]) : input[field],
      field,
      MAX_CSL_SHORT_CHARS,
    );
    if (value !== undefined) item[field] = value;
  }
  return item;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A trimmed one-line string, or undefined when absent or blank. */
function text(value: unknown, field: string, maxChars: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new CslItemError(field, "must be a string");
  // Checked before normalising so a huge value costs no more than its length once.
  if (value.length > maxChars * 4) throw new CslItemError(field, `must be at most ${maxChars} characters`);
  const clean = value.replace(/\s+/g, " ").trim();
  if (clean.length > maxChars) throw new CslItemError(field, `must be at most ${maxChars} characters`);
  return clean === "" ? undefined : clean;
}

function nameList(value: unknown, field: string): CslName[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new CslItemError(field, "must be a list of names");
  if (value.length > MAX_CSL_NAMES) throw new CslItemError(field, `must hold at most ${MAX_CSL_NAMES} names`);
  const names = value.map((name, index) => cslName(name, `${field}[${index}]`));
  return names.length > 0 ? names : undefined;
}

function cslName(value: unknown, field: string): CslName {
  if (!isRecord(value)) throw new CslItemError(field, "must be {family, given} or {literal}");
  const literal = text(value.literal, `${field}.literal`, MAX_CSL_TEXT_CHARS);
  if (literal !== undefined) return { literal };
  const family = text(value.family, `${field}.family`, MAX_CSL_TEXT_CHARS);
  const given = text(value.given, `${field}.given`, MAX_CSL_TEXT_CHARS);
  // Particles and suffixes (as citation-js gives them) join the parts they are read with.
  const nonDropping = text(value["non-dropping-particle"], `${field}.non-dropping-particle`, MAX_CSL_TEXT_CHARS);
  const dropping = text(value["dropping-particle"], `${field}.dropping-particle`, MAX_CSL_TEXT_CHARS);
  const suffix = text(value.suffix, `${field}.suffix`, MAX_CSL_TEXT_CHARS);
  if (family === undefined) {
    if (given !== undefined) return { literal: given };
    throw new CslItemError(field, "needs a family name or a literal name");
  }
  const fullFamily = [nonDropping, family].filter(Boolean).join(" ") + (suffix ? `, ${suffix}` : "");
  const fullGiven = [given, dropping].filter(Boolean).join(" ");
  return fullGiven ? { family: fullFamily, given: fullGiven } : { family: fullFamily };
}

function cslDate(value: unknown, field: string): CslDate | undefined {
  if (value === undefined || value === null) return undefined;
  const shape = `must be {"date-parts": [[year, month?, day?]]}`;
  if (!isRecord(value) || !Array.isArray(value["date-parts"])) throw new CslItemError(field, shape);
  // A range ([[from], [to]]) keeps its start: the styles Accord offers cite one date.
  const parts: unknown = value["date-parts"][0];
  if (!Array.isArray(parts) || parts.length < 1 || parts.length > 3) throw new CslItemError(field, shape);
  const numbers = parts.map((part) => (typeof part === "string" && /^\d{1,4}$/.test(part) ? Number(part) : part));
  const [year, month, day] = numbers;
  if (!Number.isInteger(year) || (year as number) < -9999 || (year as number) > 9999)
    throw new CslItemError(field, "year must be a whole number");
  if (month !== undefined && (!Number.isInteger(month) || (month as number) < 1 || (month as number) > 12))
    throw new CslItemError(field, "month must be 1 to 12");
  if (day !== undefined && (!Number.isInteger(day) || (day as number) < 1 || (day as number) > 31))
    throw new CslItemError(field, "day must be 1 to 31");
  return { "date-parts": [numbers as CslDate["date-parts"][0]] };
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CslItemError("URL", "must be an http(s) address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CslItemError("URL", "must be an http(s) address");
  return value;
}

/** A DOI as "10.…/…"; a doi.org address is cut to the DOI it names. */
function checkDoi(value: string): string {
  const doi = value.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s?)/i, "");
  if (!/^10\.\d{4,9}\/\S+$/.test(doi)) throw new CslItemError("DOI", "must be a DOI such as 10.1000/xyz123");
  return doi;
}
