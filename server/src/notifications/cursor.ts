import { idSchema } from "@accord/domain";
import { z } from "zod";
import type { NotificationCursor } from "../store/Store.js";

const isoInstant = z.iso.datetime();

/**
 * A page's `nextBefore`: its last notification's instant and id, `<ISO instant>~<id>`. A bare
 * instant (what pages answered before ids were added) means strictly before it.
 */
export function parseNotificationCursor(value: string): NotificationCursor | null {
  const tilde = value.indexOf("~");
  const createdAt = tilde < 0 ? value : value.slice(0, tilde);
  const id = tilde < 0 ? "" : value.slice(tilde + 1);
  if (!isoInstant.safeParse(createdAt).success) return null;
  if (tilde >= 0 && !idSchema.safeParse(id).success) return null;
  return { createdAt, id };
}

export const formatNotificationCursor = ({ createdAt, id }: NotificationCursor): string => `${createdAt}~${id}`;
