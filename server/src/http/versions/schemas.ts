import { idSchema } from "@accord/domain";
import { z } from "zod";

/** The longest name a version may be given (issue 18). */
export const MAX_VERSION_NAME_LENGTH = 120;

/**
 * `POST …/versions`: `{name}` saves a named version, `{restoredFrom}` records a restore. Which
 * one is the router's to tell (exactly one of the two, 400 naming the field otherwise).
 */
export const createVersionSchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(MAX_VERSION_NAME_LENGTH),
    restoredFrom: idSchema,
  })
  .partial()
  .strict();
