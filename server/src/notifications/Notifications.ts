import type { ActivityEntry } from "@accord/domain";
import { ServerEvent, type NotificationEvent } from "@accord/protocol";
import type { NotificationSink } from "../commands/context.js";
import type { Logger } from "../logger.js";
import type { NotificationCursor, NotificationSettings, Store } from "../store/Store.js";
import { formatNotificationCursor } from "./cursor.js";
import { deriveNotifications } from "./derive.js";
import { presentNotifications, type NotificationView } from "./present.js";

export interface NotificationsOptions {
  store: Store;
  logger: Logger;
  /** Tells one person's open sockets (events/EventHub.notification). */
  emit: (userId: string, event: NotificationEvent) => void;
  /** Notifications kept per person; see Config.notificationsPerUser. @default 500 */
  maxPerUser?: number;
}

export interface NotificationPage {
  notifications: NotificationView[];
  unreadCount: number;
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: string | null;
}

/**
 * Notifications that last: derived from activity entries as they are recorded, stored per
 * person, delivered live to that person's sockets, listed and marked read only by their owner.
 * What a person sees is always filtered by the briefs they belong to *now*.
 */
export class Notifications implements NotificationSink {
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly emit: NotificationsOptions["emit"];
  readonly maxPerUser: number;

  constructor(options: NotificationsOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.emit = options.emit;
    this.maxPerUser = options.maxPerUser ?? 500;
  }

  async fromActivity(entry: ActivityEntry): Promise<void> {
    try {
      const derived = await deriveNotifications(this.store, entry);
      if (derived.length === 0) return;
      const stored = await this.store.addNotifications(derived, this.maxPerUser);
      for (const userId of new Set(stored.map((n) => n.userId))) {
        this.emit(userId, { type: ServerEvent.NotificationCreated });
      }
    } catch (error) {
      // The change itself is stored and announced; a lost notification must not fail it.
      this.logger.error({ err: error, activityId: entry.id, type: entry.type }, "storing notifications failed");
    }
  }

  /** The briefs the user belongs to now, with their titles. */
  private async briefsOf(userId: string): Promise<Map<string, string>> {
    return new Map((await this.store.listBriefsForUser(userId)).map((brief) => [brief.id, brief.title]));
  }

  async list(
    userId: string,
    query: { unreadOnly: boolean; before?: NotificationCursor | undefined; limit: number },
  ): Promise<NotificationPage> {
    const briefs = await this.briefsOf(userId);
    const briefIds = [...briefs.keys()];
    const [page, unreadCount] = await Promise.all([
      this.store.listNotifications(userId, {
        briefIds,
        unreadOnly: query.unreadOnly,
        before: query.before,
        limit: query.limit,
      }),
      this.store.countUnreadNotifications(userId, briefIds),
    ]);
    return {
      notifications: await presentNotifications(this.store, page, briefs),
      unreadCount,
      nextBefore: page.length === query.limit ? formatNotificationCursor(page[page.length - 1]!) : null,
    };
  }

  async markRead(userId: string, which: readonly string[] | "all"): Promise<{ unreadCount: number }> {
    const changed = await this.store.markNotificationsRead(userId, which);
    if (changed > 0) this.emit(userId, { type: ServerEvent.NotificationsRead });
    return {
      unreadCount: await this.store.countUnreadNotifications(userId, [...(await this.briefsOf(userId)).keys()]),
    };
  }

  settings(userId: string): Promise<NotificationSettings> {
    return this.store.getNotificationSettings(userId);
  }

  setEmail(userId: string, email: boolean): Promise<NotificationSettings> {
    return this.store.setNotificationEmail(userId, email);
  }
}
