import { idSchema, STATUSES, statusSchema, type Status } from "@accord/domain";
import { EXPORT_FORMATS } from "@accord/export";
import { z } from "zod";

const MAX_LIST = 500;

function commaList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/** `?sectorIds=a,b&statuses=approved,in_review`: no sectorIds means every sector; statuses default to approved. */
export const exportSelectionSchema = z.object({
  sectorIds: z
    .string()
    .max(MAX_LIST * 65)
    .transform(commaList)
    .refine((ids) => ids.every((id) => idSchema.safeParse(id).success), "must be comma-separated sector ids")
    .transform((ids) => (ids.length > 0 ? ids : undefined))
    .optional(),
  statuses: z
    .string()
    .max(200)
    .transform(commaList)
    .refine(
      (list) => list.length > 0 && list.every((s) => statusSchema.safeParse(s).success),
      `must be comma-separated statuses of ${STATUSES.join(", ")}`,
    )
    .transform((list) => list as Status[])
    .optional()
    .transform((list): Status[] => list ?? ["approved"]),
});

export const exportQuerySchema = exportSelectionSchema.extend({
  format: z.enum(EXPORT_FORMATS as readonly ["docx", "pdf", "md", "html"]),
});
