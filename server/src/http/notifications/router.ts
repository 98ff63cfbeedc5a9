import { Router } from "express";
import type { Notifications } from "../../notifications/Notifications.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";
import { listNotificationsQuerySchema, markReadSchema, notificationSettingsSchema } from "./schemas.js";

/**
 * A person's own notifications and settings. Every route acts on the caller's own only: no
 * route takes a user id, and marking someone else's id read changes nothing.
 */
export function notificationsRouter(notifications: Notifications, options: { emailAvailable: boolean }): Router {
  const router = Router();

  router.get("/notifications", async (req, res) => {
    const query = parse(listNotificationsQuerySchema, req.query);
    res.json(
      await notifications.list(currentUser(res).id, {
        unreadOnly: query.unread,
        before: query.before,
        limit: query.limit,
      }),
    );
  });

  router.post("/notifications/read", async (req, res) => {
    const body = parse(markReadSchema, req.body);
    res.json(await notifications.markRead(currentUser(res).id, body.all ? "all" : (body.ids ?? [])));
  });

  router.get("/me/notification-settings", async (_req, res) => {
    const settings = await notifications.settings(currentUser(res).id);
    res.json({ email: settings.email, emailAvailable: options.emailAvailable });
  });

  router.patch("/me/notification-settings", async (req, res) => {
    const body = parse(notificationSettingsSchema, req.body);
    const settings = await notifications.setEmail(currentUser(res).id, body.email);
    res.json({ email: settings.email, emailAvailable: options.emailAvailable });
  });

  return router;
}
