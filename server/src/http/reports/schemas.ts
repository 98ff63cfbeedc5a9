import { z } from "zod";

/** A report pasted or sent as text rather than uploaded as a file. */
export function importContentSchema(maxUploadBytes: number) {
  return z.object({
    title: z.string().trim().min(1, "must not be empty").max(300),
    format: z.enum(["text", "markdown"]),
    // Characters, not bytes; the JSON body limit already bounds the bytes.
    content: z.string().trim().min(1, "must not be empty").max(maxUploadBytes),
    /** Import even if the brief already has this content (see `copy` in the router). */
    copy: z.boolean().optional(),
  });
}

/** `copy=true|false`, as a query parameter or a multipart field; absent means false. */
export const copyFlagSchema = z.object({
  copy: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).optional(),
});

// Linear: fixed-width digit groups, nothing that can backtrack.
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real month and a real day of it. */
function isReportDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return d >= 1 && d <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
}

/** A blank optional text is "unknown" (null), as the form's empty field means. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .transform((value) => (value === null || value === "" ? null : value));

/** A lead's edit of a report's metadata: any of the fields; `title` is the report's title. */
export const reportPatchSchema = z
  .object({
    title: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters").optional(),
    // Refined as a whole, so that a wrong author names the field `authors` rather than `authors.3`.
    authors: z
      .array(z.string().max(1000, "each author must be 1 to 200 characters"))
      .max(50, "at most 50 authors")
      .transform((authors) => authors.map((author) => author.trim()))
      .refine((authors) => authors.every((author) => author.length >= 1 && author.length <= 200), "each author must be 1 to 200 characters")
      .optional(),
    publisher: optionalText(200).optional(),
    date: z
      .string()
      .trim()
      .max(10, "must be YYYY, YYYY-MM or YYYY-MM-DD")
      .refine(isReportDate, "must be YYYY, YYYY-MM or YYYY-MM-DD")
      .nullable()
      .optional(),
    reportNumber: optionalText(200).optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: "Give at least one of title, authors, publisher, date, reportNumber.",
  });
