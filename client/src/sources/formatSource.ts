import type { CslDate, CslItem, CslName } from "./sourceTypes";

/** The kinds of source a person picks from by hand, in the order offered. */
export const SOURCE_TYPES: Array<{ type: string; label: string }> = [
  { type: "webpage", label: "Web page" },
  { type: "article-journal", label: "Journal article (DOI)" },
  { type: "book", label: "Book" },
  { type: "report", label: "Report" },
];

const TYPE_LABELS: Record<string, string> = {
  webpage: "Web page",
  "article-journal": "Journal article",
  "article-newspaper": "Newspaper article",
  "article-magazine": "Magazine article",
  book: "Book",
  chapter: "Book chapter",
  report: "Report",
  thesis: "Thesis",
  "paper-conference": "Conference paper",
  dataset: "Data set",
  legislation: "Legislation",
  document: "Document",
};

/** "Journal article", or the CSL type in words when it is one the list does not name ("post weblog" → "Post weblog"). */
export function typeLabel(type: string): string {
  const known = TYPE_LABELS[type];
  if (known) return known;
  const words = type.replaceAll("-", " ").replaceAll("_", " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Source";
}

/** "Ada Lovelace", "Lovelace", or an organisation's name as written. */
export function nameOf(name: CslName): string {
  if ("literal" in name) return name.literal;
  return name.given ? `${name.given} ${name.family}` : name.family;
}

/** "A", "A and B", "A, B and C", then "A, B, C and 4 others": a list that stays one line. */
export function formatNames(names: readonly CslName[] | undefined, shown = 3): string {
  const all = (names ?? []).map(nameOf).filter((name) => name.trim() !== "");
  if (all.length === 0) return "";
  if (all.length === 1) return all[0]!;
  if (all.length <= shown) return `${all.slice(0, -1).join(", ")} and ${all.at(-1)}`;
  const rest = all.length - shown;
  return `${all.slice(0, shown).join(", ")} and ${rest} ${rest === 1 ? "other" : "others"}`;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2024", "March 2024" or "12 March 2024"; "" when the date holds no year. */
export function formatDate(date: CslDate | undefined): string {
  const parts = (date?.["date-parts"]?.[0] ?? []).map((part) => Number(part));
  const [year, month, day] = parts;
  if (year === undefined || !Number.isInteger(year)) return "";
  const monthName = month !== undefined && Number.isInteger(month) ? MONTHS[month - 1] : undefined;
  if (!monthName) return String(year);
  if (day !== undefined && Number.isInteger(day) && day >= 1 && day <= 31) return `${day} ${monthName} ${year}`;
  return `${monthName} ${year}`;
}

/** The bare DOI ("10.1000/xyz") from what people paste: a doi.org link or a "doi:" prefix. */
export function bareDoi(doi: string): string {
  const trimmed = doi.trim();
  const lower = trimmed.toLowerCase();
  for (const prefix of ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]) {
    if (lower.startsWith(prefix)) return trimmed.slice(prefix.length).trim();
  }
  return trimmed;
}

/** The doi.org address of a DOI, each character that could end the path encoded. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${encodeURIComponent(bareDoi(doi)).replaceAll("%2F", "/")}`;
}

/** Where it appeared and who published it: "Journal of Ports, 12 (3), 45–67 · Harbour Press, Lisbon". */
export function publicationLine(csl: CslItem): string {
  const container = [
    csl["container-title"],
    csl.volume ? `${csl.volume}${csl.issue ? ` (${csl.issue})` : ""}` : csl.issue ? `no. ${csl.issue}` : undefined,
    csl.page ? `pp. ${csl.page}` : undefined,
  ]
    .filter((part): part is string => Boolean(part?.trim()))
    .join(", ");
  const publisher = [csl.publisher, csl["publisher-place"]]
    .filter((part): part is string => Boolean(part?.trim()))
    .join(", ");
  const number = csl.number ? `No. ${csl.number}` : "";
  const edition = csl.edition ? `${csl.edition} edition` : "";
  return [container, number, edition, publisher].filter(Boolean).join(" · ");
}
