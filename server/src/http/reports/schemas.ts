import { z } from "zod";
import { isReportDate, REPORT_METADATA_LIMITS as LIMITS } from "../../store/reportMetadata.js";

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
    title: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(LIMITS.title, `must be at most ${LIMITS.title} characters`)
      .optional(),
    // Refined as a whole, so that a wrong author names the field `authors` rather than `authors.3`.
    authors: z
      .array(z.string().max(LIMITS.text * 5, `each author must be 1 to ${LIMITS.text} characters`))
      .max(LIMITS.authors, `at most ${LIMITS.authors} authors`)
      .transform((authors) => authors.map((author) => author.trim()))
      .refine(
        (authors) => authors.every((author) => author.length >= 1 && author.length <= LIMITS.text),
        `each author must be 1 to ${LIMITS.text} characters`,
      )
      .optional(),
    publisher: optionalText(LIMITS.text).optional(),
    date: z
      .string()
      .trim()
      .max(10, "must be YYYY, YYYY-MM or YYYY-MM-DD")
      .refine(isReportDate, "must be YYYY, YYYY-MM or YYYY-MM-DD")
      .nullable()
      .optional(),
    reportNumber: optionalText(LIMITS.text).optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: "Give at least one of title, authors, publisher, date, reportNumber.",
  });
