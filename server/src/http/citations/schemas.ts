import { idSchema, MAX_CITATION_IDS } from "@accord/domain";
import { z } from "zod";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `GET /citations`: exactly one of `ids` (comma-separated, ≤ 500), `recommendationId`, `sectorId`. */
export const citationsQuerySchema = z
  .object({
    ids: z
      .string()
      .max(MAX_CITATION_IDS * 65)
      .transform((ids) => [
        ...new Set(
          ids
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ])
      .refine(
        (ids) => ids.length >= 1 && ids.length <= MAX_CITATION_IDS && ids.every((id) => ID.test(id)),
        `must be 1 to ${MAX_CITATION_IDS} comma-separated citation ids`,
      )
      .optional(),
    recommendationId: idSchema.optional(),
    sectorId: idSchema.optional(),
  })
  .strict()
  .superRefine((query, context) => {
    const given = (["ids", "recommendationId", "sectorId"] as const).filter((key) => query[key] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: "custom",
        path: [given[1] ?? "ids"],
        message: "Ask for one thing: a list of citation ids, a recommendation or a sector.",
      });
    }
  });
