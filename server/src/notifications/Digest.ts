import { type Leases, LocalLeases, leaseName } from "../cluster/Leases.js";
import type { Logger } from "../logger.js";
import type { Mailer } from "../mail/Mailer.js";
import { notificationDigestMail } from "../mail/messages.js";
import type { Store } from "../store/Store.js";
import { notificationSentence, presentNotifications } from "./present.js";

export interface DigestOptions {
  store: Store;
  mailer: Mailer;
  logger: Logger;
  publicUrl: () => string;
  /** A person is mailed at most once per this; see Config.notificationDigestIntervalMs. */
  intervalMs: number;
  /** Notifications listed in one mail; the rest are counted ("and 3 more"). @default 50 */
  maxPerMail?: number;
  /**
   * Held while one person's digest is read, mailed and marked (`accord:lease:digest:<user>`):
   * two processes sweeping at once never mail the same person twice. @default LocalLeases
   */
  leases?: Leases;
}

/** People looked at per store read while sweeping. */
const RECIPIENTS_PER_READ = 100;

/**
 * The e-mail digest: every so often (a quarter of the interval, so that nobody waits much
 * longer than the interval), each person with unread notifications not yet mailed, whose
 * e-mail is on and whose last digest is at least `intervalMs` old, gets one plain-text mail
 * listing them. The store records what was mailed and when, so a restart or a second node
 * keeps the bound. One sweep at a time on a process; with several processes, one person's
 * digest is read, sent and marked under a lease, so the second process to reach them finds it
 * marked (or the lease held) and sends nothing.
 */
export class NotificationDigest {
  private readonly options: DigestOptions;
  private readonly maxPerMail: number;
  private readonly leases: Leases;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: DigestOptions) {
    this.options = options;
    this.maxPerMail = options.maxPerMail ?? 50;
    this.leases = options.leases ?? new LocalLeases();
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(25, Math.floor(this.options.intervalMs / 4)));
    this.timer.unref();
  }

  /** Runs one sweep after the one in progress (if any); resolves when it is done. */
  sweep(): Promise<void> {
    this.running = this.running.then(() => (this.closed ? undefined : this.sweepOnce()));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async sweepOnce(): Promise<void> {
    try {
      let after: string | null = null;
      for (;;) {
        const userIds = await this.options.store.listDigestRecipients(after, RECIPIENTS_PER_READ);
        for (const userId of userIds) {
          if (this.closed) return;
          // Held by another process: it is mailing this person now.
          await this.leases
            .run(leaseName.digest(userId), () => this.mailOne(userId))
            .catch((error: unknown) =>
              // Mailer.send logs the SMTP failure's code only; this says whose digest waits.
              this.options.logger.warn(
                { userId, err: error instanceof Error ? error.message : "unknown" },
                "notification digest not sent",
              ),
            );
        }
        if (userIds.length < RECIPIENTS_PER_READ) return;
        after = userIds[userIds.length - 1]!;
      }
    } catch (error) {
      this.options.logger.error({ err: error }, "notification digest sweep failed");
    }
  }

  private async mailOne(userId: string): Promise<void> {
    const { store, intervalMs } = this.options;
    const settings = await store.getNotificationSettings(userId);
    if (!settings.email) return;
    const now = Date.now();
    if (settings.lastDigestAt !== null && now - Date.parse(settings.lastDigestAt) < intervalMs) return;
    const user = await store.getUser(userId);
    if (!user) return;
    const pending = await store.listUnmailedNotifications(userId, this.maxPerMail + 1);
    const briefs = new Map((await store.listBriefsForUser(userId)).map((brief) => [brief.id, brief.title]));
    // Only briefs the person still belongs to; the others are marked as handled all the same.
    const views = await presentNotifications(store, pending.slice(0, this.maxPerMail), briefs);
    const handled = pending.slice(0, this.maxPerMail).map((n) => n.id);
    const at = new Date(now).toISOString();
    if (views.length > 0) {
      const base = this.options.publicUrl();
      const more = pending.length > this.maxPerMail ? pending.length - this.maxPerMail : 0;
      await this.options.mailer.send(
        notificationDigestMail({
          to: user.email,
          name: user.name,
          items: views.map((view) => ({
            sentence: `${notificationSentence(view)} (${view.brief.title})`,
            excerpt: view.excerpt,
            link: base + view.path,
          })),
          more,
          appLink: `${base}/`,
        }),
      );
    }
    await store.markNotificationsMailed(userId, handled, at);
  }
}
