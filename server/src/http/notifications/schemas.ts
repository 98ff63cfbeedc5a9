import { z } from "zod";
import { idSchema } from "@accord/domain";
import { parseNotificationCursor } from "../../notifications/cursor.js";

/** The most notifications one page may hold. */
export const NOTIFICATIONS_PAGE_MAX = 100;
/** The most ids one "mark read" may name. */
export const MARK_READ_MAX_IDS = NOTIFICATIONS_PAGE_MAX;

/** `GET /api/notifications?unread=1&before=…&limit=…` */
export const listNotificationsQuerySchema = z.object({
  unread: z
    .enum(["0", "1", "true", "false"], { error: "must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true"),
  before: z
    .string()
    .max(128, "must be a page's nextBefore")
    .transform((value, ctx) => {
      const cursor = parseNotificationCursor(value);
      if (cursor === null) ctx.addIssue({ code: "custom", message: "must be a page's nextBefore" });
      return cursor ?? z.NEVER;
    })
    .optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(NOTIFICATIONS_PAGE_MAX, `must be at most ${NOTIFICATIONS_PAGE_MAX}`)
    .default(20),
});

/** `POST /api/notifications/read`: `{ids}` or `{all: true}`, not both. */
export const markReadSchema = z
  .strictObject({
    ids: z
      .array(idSchema, { error: "must be a list of notification ids" })
      .min(1, "must name at least one notification")
      .max(MARK_READ_MAX_IDS, `must name at most ${MARK_READ_MAX_IDS} notifications`)
      .optional(),
    all: z.literal(true, { error: "must be true" }).optional(),
  })
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), {
    message: "give either ids (a list of notification ids) or all: true",
    path: ["ids"],
  });

/** `PATCH /api/me/notification-settings` */
export const notificationSettingsSchema = z.strictObject({
  email: z.boolean({ error: "must be true or false" }),
});
