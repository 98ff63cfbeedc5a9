import { idSchema } from "@accord/domain";
import { z } from "zod";

export const MAX_EVIDENCE_LIMIT = 100;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `?q=&reportId=&section=&limit=&ids=`; a blank `q` or `section` means none. */
export const evidenceQuerySchema = z.object({
  q: z
    .string()
    .max(500)
    .transform((q) => q.trim() || undefined)
    .optional(),
  reportId: idSchema.optional(),
  section: z
    .string()
    .max(300)
    .transform((section) => section.trim() || undefined)
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_EVIDENCE_LIMIT).optional(),
  // Comma-separated, for citation tooltips: one request for every citation in view.
  ids: z
    .string()
    .max(MAX_EVIDENCE_LIMIT * 65)
    .transform((ids) => [
      ...new Set(
        ids
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .refine(
      (ids) => ids.length >= 1 && ids.length <= MAX_EVIDENCE_LIMIT && ids.every((id) => ID.test(id)),
      `must be 1 to ${MAX_EVIDENCE_LIMIT} comma-separated evidence ids`,
    )
    .optional(),
});
