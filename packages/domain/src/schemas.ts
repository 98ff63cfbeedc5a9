import { z } from "zod";
import { roleSchema } from "./roles.js";
import { statusSchema } from "./status.js";

/**
 * Request bodies shared by the server (validation) and the client (forms).
 * Limits are generous but finite so that no field can be used to fill the store.
 */
const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const signupSchema = z.object({
  email: z
    .email()
    .max(254)
    .transform((email) => email.toLowerCase()),
  name: text(100),
  password: z.string().min(10, "must be at least 10 characters").max(1024),
  /** The invite link's token: required when the server admits accounts by invite only. */
  inviteToken: z.string().min(1).max(200).optional(),
});

/** The token of an e-mailed signup confirmation link. */
export const confirmSignupSchema = z.object({ token: z.string().min(1).max(200) });

export const loginSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(1).max(1024),
});

export const createBriefSchema = z.object({
  title: text(200),
  description: z.string().trim().max(5000).default(""),
});

export const updateBriefSchema = z
  .object({
    title: text(200),
    description: z.string().trim().max(5000),
    /** A bundled style id or "custom"; which ids exist is the server's to check (400 `citationStyle`). */
    citationStyle: z.string().trim().min(1, "must not be empty").max(200),
    suggestEditsInReview: z.boolean(),
  })
  .partial()
  .strict();

export const createSectorSchema = z.object({
  name: text(100),
  description: z.string().trim().max(2000).default(""),
});

export const updateSectorSchema = z
  .object({
    name: text(100),
    description: z.string().trim().max(2000),
    position: z.number().int().min(0),
  })
  .partial()
  .strict();

export const createInviteSchema = z.object({
  role: roleSchema,
  /** Binds the invite to one account's e-mail; empty means anyone holding the link. */
  email: z
    .union([
      z.literal("").transform(() => undefined),
      z
        .email()
        .max(254)
        .transform((email) => email.toLowerCase()),
    ])
    .optional(),
});
export const updateMemberSchema = z.object({ role: roleSchema });

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "is not a valid id");

export const createRecommendationSchema = z.object({
  sectorId: idSchema,
  title: text(300),
});

export const updateRecommendationSchema = z
  .object({
    title: text(300),
    ownerId: idSchema,
    sectorId: idSchema,
    position: z.number().int().min(0),
  })
  .partial()
  .strict();

export const listRecommendationsQuerySchema = z.object({
  sectorId: idSchema.optional(),
  status: statusSchema.optional(),
});

export const transitionSchema = z.object({
  to: statusSchema,
  note: z.string().trim().max(2000).optional(),
});

/** Longest `locator` of a direct source citation ("p. 12", "chap. 3"). */
export const MAX_LOCATOR_CHARS = 100;
/** Most footnotes or bibliography sources one citation may choose. */
export const MAX_CITATION_SOURCES = 200;
/** Most ids one `GET /citations?ids=` may ask for. */
export const MAX_CITATION_IDS = 500;

const noteNumbers = z.array(z.number().int().min(1).max(1_000_000)).max(MAX_CITATION_SOURCES);
const sourceIds = z.array(idSchema).max(MAX_CITATION_SOURCES);
const locator = z.string().trim().max(MAX_LOCATOR_CHARS, `must be at most ${MAX_LOCATOR_CHARS} characters`);

/**
 * `POST /api/briefs/:briefId/citations` for a passage: its `evidenceId`, optional quote and
 * chosen sources. Whether the ids are the brief's and the quote's range holds its words is
 * checked against the store.
 */
export const createPassageCitationSchema = z
  .object({
    evidenceId: idSchema,
    quote: z
      .object({
        // Empty, reversed or out-of-range quotes are the route's to refuse (400 `quote`).
        text: z.string().max(20_000),
        start: z.number().int(),
        end: z.number().int(),
      })
      .strict()
      .nullable()
      .optional(),
    notes: noteNumbers.optional(),
    sourceIds: sourceIds.optional(),
  })
  .strict();

/** `POST /api/briefs/:briefId/citations` citing a source of the brief's bibliography directly. */
export const createSourceCitationSchema = z
  .object({ sourceId: idSchema, locator: locator.nullable().optional() })
  .strict();

/** Which of the two a body is: one with `sourceId` cites a source directly. */
export function isSourceCitationBody(body: unknown): boolean {
  return typeof body === "object" && body !== null && Object.hasOwn(body, "sourceId");
}

export const updateCitationSchema = z
  .object({ notes: noteNumbers, sourceIds, locator: locator.nullable() })
  .partial()
  .strict();
export type CreatePassageCitationInput = z.infer<typeof createPassageCitationSchema>;
export type CreateSourceCitationInput = z.infer<typeof createSourceCitationSchema>;
export type UpdateCitationInput = z.infer<typeof updateCitationSchema>;
