import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { can, type Role, type User } from "@accord/domain";
import {
  briefJoinSchema,
  ClientEvent,
  formatRoomName,
  recommendationJoinSchema,
  ServerEvent,
  type ActivityEvent,
  type CitationEvent,
  type ClaimsEvent,
  type ClientToServerEvents,
  type JoinAck,
  type MentionEvent,
  type NotificationEvent,
  type RecommendationEvent,
  type ReviewEvent,
  type ServerToClientEvents,
  type SessionEndReason,
  type SourceEvent,
  type VersionEvent,
} from "@accord/protocol";
import type { Sessions } from "../auth/Sessions.js";
import type { ControlChannel } from "../cluster/ControlChannel.js";
import type { Notifier } from "../commands/context.js";
import type { Logger } from "../logger.js";
import { fieldSubject } from "../http/plainMessages.js";
import type { Store } from "../store/Store.js";

interface SocketData {
  user: User;
  /** The session the handshake was made with: when it ends, the socket is told and disconnected. */
  sessionHash: string;
  /** When that session expires (ms since the epoch), for the expiry sweep. */
  sessionExpiresAt: number;
  /** Rooms this socket joined, by brief, so that losing a brief leaves all of them. */
  roomsByBrief: Map<string, Set<string>>;
}

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Ack = ((result: JoinAck) => void) | undefined;

export interface EventHubOptions {
  httpServer: HttpServer;
  store: Store;
  sessions: Sessions;
  logger: Logger;
  isAllowedOrigin: (origin: string | undefined) => boolean;
  /** How often sockets are checked for an expired session; one timer per hub. @default 5_000 */
  sessionSweepMs?: number;
  /**
   * Multi-process mode: the socket.io adapter that carries rooms and broadcasts between
   * processes (cluster/eventsAdapter.ts). @default socket.io's in-memory adapter (one process)
   */
  adapter?: ServerOptions["adapter"];
  /**
   * Where a removed member's leaving of the brief's rooms is sent, so that every process moves
   * its own sockets (it calls `leaveBriefOf`). @default applied on this process only
   */
  control?: Pick<ControlChannel, "send">;
  /**
   * With the adapter: how long after this process's last change of a brief's presence it reads
   * and sends the list once more. Two processes whose changes coincide each send a list read
   * across both, and the one read first may arrive last; the later reads, made once the changes
   * stopped, agree. 0: never. @default 1_000 with an adapter, else 0
   */
  presenceSettleMs?: number;
}

const refused = (code: string, message: string): JoinAck => ({ error: { code, message } });
const SESSION_ENDED = refused("unauthenticated", "Your session has ended. Log in again.");
/** A join naming something that cannot be an id: said as the link it came from, not as the field. */
const NOT_A_BRIEF = `${fieldSubject("briefId")} in this link is not one Accord knows: open it from your list of briefs.`;
const NOT_A_RECOMMENDATION = `${fieldSubject("recommendationId")} in this link is not one Accord knows: open it from its brief.`;

/**
 * The events channel: socket.io rooms per brief and per recommendation, joined
 * only after the same permission check as REST. It only tells clients what
 * changed; they refetch through REST.
 */
export class EventHub implements Notifier {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly store: Store;
  private readonly sessions: Sessions;
  private readonly logger: Logger;
  private readonly sessionSweepTimer: NodeJS.Timeout;
  private readonly control: Pick<ControlChannel, "send">;
  /** Briefs whose presence is being computed; `again` when it changed meanwhile (see publishPresence). */
  private readonly presenceRuns = new Map<string, { again: boolean }>();
  private readonly presenceSettleMs: number;
  /** Per brief, the read that follows this process's last change (see presenceSettleMs). */
  private readonly presenceSettles = new Map<string, NodeJS.Timeout>();

  constructor(options: EventHubOptions) {
    this.store = options.store;
    this.sessions = options.sessions;
    this.logger = options.logger;
    this.presenceSettleMs = options.presenceSettleMs ?? (options.adapter ? 1_000 : 0);
    this.control = options.control ?? {
      send: (message) => {
        if (message.type === "member.removed") this.leaveBriefOf(message.briefId, message.userId);
      },
    };
    this.io = new Server(options.httpServer, {
      ...(options.adapter ? { adapter: options.adapter } : {}),
      path: "/socket.io",
      serveClient: false,
      // The document socket shares the HTTP server; its upgrades are not ours to destroy.
      destroyUpgrade: false,
      allowRequest: (req, callback) => callback(null, options.isAllowedOrigin(req.headers.origin)),
    });
    this.io.use(async (socket, next) => {
      try {
        const session = await options.sessions.resolveCookieHeader(socket.handshake.headers.cookie);
        // Read once, here. With the Redis adapter a socket's handshake is sent to whichever
        // process asks (fetchSockets, for presence): the session token must not travel with it.
        delete socket.handshake.headers.cookie;
        if (!session) return next(new Error("unauthenticated"));
        socket.data.user = session.user;
        socket.data.sessionHash = session.sessionHash;
        socket.data.sessionExpiresAt = session.expiresAt;
        socket.data.roomsByBrief = new Map();
        next();
      } catch (error) {
        this.logger.error({ err: error }, "socket.io authentication failed");
        next(new Error("unavailable"));
      }
    });
    this.io.on("connection", (socket) => this.onConnection(socket));
    this.sessionSweepTimer = setInterval(() => this.endExpiredSessions(), options.sessionSweepMs ?? 5_000);
    // The sweep alone should not keep a process alive.
    this.sessionSweepTimer.unref();
  }

  /**
   * Tells every socket opened with one of these sessions that it ended, then disconnects it
   * (the client shows why and goes to the login page). Answers how many.
   */
  endSessions(sessionHashes: readonly string[], reason: SessionEndReason): number {
    if (sessionHashes.length === 0) return 0;
    const ended = new Set(sessionHashes);
    let count = 0;
    for (const socket of [...this.io.of("/").sockets.values()]) {
      if (!ended.has(socket.data.sessionHash)) continue;
      this.endSocket(socket, reason);
      count++;
    }
    return count;
  }

  private endExpiredSessions(): void {
    const now = Date.now();
    for (const socket of [...this.io.of("/").sockets.values()]) {
      if (socket.data.sessionExpiresAt <= now) this.endSocket(socket, "expired");
    }
  }

  private endSocket(socket: HubSocket, reason: SessionEndReason): void {
    if (!socket.connected) return;
    socket.emit(ServerEvent.SessionEnded, { type: ServerEvent.SessionEnded, reason });
    // The event goes out before the disconnect packet: engine.io flushes its buffer in order.
    // A server-side disconnect is one socket.io clients do not retry by themselves.
    socket.disconnect(true);
  }

  /**
   * Whether the socket's session still holds; checked before every join, so that a socket that
   * slipped past `endSessions` (its handshake raced the logout) can join nothing.
   */
  private async sessionHolds(socket: HubSocket): Promise<boolean> {
    if (socket.data.sessionExpiresAt > Date.now() && (await this.sessions.isLive(socket.data.sessionHash))) return true;
    this.endSocket(socket, socket.data.sessionExpiresAt <= Date.now() ? "expired" : "logout");
    return false;
  }

  private onConnection(socket: HubSocket): void {
    // Notifications meant for this person only (mentions) go to this room. Joined by the
    // server, never on request: the handshake already proved who the user is.
    void socket.join(formatRoomName({ kind: "user", userId: socket.data.user.id }));
    // The session was read before the socket was registered; a logout in between found no
    // socket to end. Looked up again now that endSessions would find it.
    void this.sessionHolds(socket).catch((error: unknown) =>
      this.logger.error({ err: error }, "socket.io session check failed"),
    );
    const handle = (join: (payload: unknown) => Promise<JoinAck>) => async (payload: unknown, ack: Ack) => {
      let result: JoinAck;
      try {
        result = await join(payload);
      } catch (error) {
        this.logger.error({ err: error }, "socket.io join failed");
        result = refused("internal", "Something went wrong on our side.");
      }
      if (typeof ack === "function") ack(result);
    };
    socket.on(
      ClientEvent.BriefJoin,
      handle((payload) => this.joinBrief(socket, payload)),
    );
    socket.on(
      ClientEvent.RecommendationJoin,
      handle((payload) => this.joinRecommendation(socket, payload)),
    );
    socket.on(
      ClientEvent.BriefLeave,
      handle((payload) => this.leaveBrief(socket, payload)),
    );
    socket.on(
      ClientEvent.RecommendationLeave,
      handle(async (payload) => {
        const parsed = recommendationJoinSchema.safeParse(payload);
        if (!parsed.success) return refused("invalid", NOT_A_RECOMMENDATION);
        const room = formatRoomName({ kind: "recommendation", recommendationId: parsed.data.recommendationId });
        await socket.leave(room);
        for (const rooms of socket.data.roomsByBrief.values()) rooms.delete(room);
        return { ok: true };
      }),
    );
    socket.on("disconnect", () => {
      for (const briefId of socket.data.roomsByBrief.keys()) this.publishPresence(briefId);
    });
  }

  private async memberRole(socket: HubSocket, briefId: string): Promise<Role | null> {
    const membership = await this.store.getMembership(briefId, socket.data.user.id);
    return membership && can(membership.role, "brief.read") ? membership.role : null;
  }

  private remember(socket: HubSocket, briefId: string, room: string): void {
    const rooms = socket.data.roomsByBrief.get(briefId) ?? new Set<string>();
    rooms.add(room);
    socket.data.roomsByBrief.set(briefId, rooms);
  }

  private async joinBrief(socket: HubSocket, payload: unknown): Promise<JoinAck> {
    const parsed = briefJoinSchema.safeParse(payload);
    if (!parsed.success) return refused("invalid", NOT_A_BRIEF);
    const { briefId } = parsed.data;
    if (!(await this.sessionHolds(socket))) return SESSION_ENDED;
    if (!(await this.memberRole(socket, briefId))) return refused("not_found", "No such brief.");
    const room = formatRoomName({ kind: "brief", briefId });
    await socket.join(room);
    this.remember(socket, briefId, room);
    this.publishPresence(briefId);
    return { ok: true };
  }

  private async leaveBrief(socket: HubSocket, payload: unknown): Promise<JoinAck> {
    const parsed = briefJoinSchema.safeParse(payload);
    if (!parsed.success) return refused("invalid", NOT_A_BRIEF);
    this.leaveAll(socket, parsed.data.briefId);
    return { ok: true };
  }

  private leaveAll(socket: HubSocket, briefId: string): void {
    for (const room of socket.data.roomsByBrief.get(briefId) ?? []) void socket.leave(room);
    socket.data.roomsByBrief.delete(briefId);
    this.publishPresence(briefId);
  }

  private async joinRecommendation(socket: HubSocket, payload: unknown): Promise<JoinAck> {
    const parsed = recommendationJoinSchema.safeParse(payload);
    if (!parsed.success) return refused("invalid", NOT_A_RECOMMENDATION);
    if (!(await this.sessionHolds(socket))) return SESSION_ENDED;
    const recommendation = await this.store.getRecommendation(parsed.data.recommendationId);
    if (!recommendation || !(await this.memberRole(socket, recommendation.briefId))) {
      return refused("not_found", "No such recommendation.");
    }
    const room = formatRoomName({ kind: "recommendation", recommendationId: recommendation.id });
    await socket.join(room);
    this.remember(socket, recommendation.briefId, room);
    return { ok: true };
  }

  /**
   * Tells the brief's room who is in it. The room spans every process (with the Redis adapter,
   * `fetchSockets` asks them all), so the list is read, not kept. Reads of one brief run one at
   * a time on this process, and a change during a read reads again, so the last list this
   * process sends is one read after its last change; with other processes, once more
   * `presenceSettleMs` later.
   */
  private publishPresence(briefId: string): void {
    if (this.presenceSettleMs > 0) {
      clearTimeout(this.presenceSettles.get(briefId));
      const settle = setTimeout(() => {
        this.presenceSettles.delete(briefId);
        this.readPresence(briefId);
      }, this.presenceSettleMs);
      settle.unref();
      this.presenceSettles.set(briefId, settle);
    }
    this.readPresence(briefId);
  }

  private readPresence(briefId: string): void {
    const running = this.presenceRuns.get(briefId);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: false };
    this.presenceRuns.set(briefId, run);
    void (async () => {
      const room = formatRoomName({ kind: "brief", briefId });
      do {
        run.again = false;
        const users = new Map<string, string>();
        for (const socket of await this.io.in(room).fetchSockets()) {
          users.set(socket.data.user.id, socket.data.user.name);
        }
        this.io.to(room).emit(ServerEvent.PresenceUpdated, {
          type: ServerEvent.PresenceUpdated,
          briefId,
          users: [...users].map(([userId, name]) => ({ userId, name })),
        });
      } while (run.again);
    })()
      .catch((error: unknown) => this.logger.warn({ err: error, briefId }, "presence not published"))
      .finally(() => this.presenceRuns.delete(briefId));
  }

  /** The member left the brief: this process's sockets of theirs leave its rooms (a control message). */
  leaveBriefOf(briefId: string, userId: string): void {
    for (const socket of this.io.of("/").sockets.values()) {
      if (socket.data.user.id === userId && socket.data.roomsByBrief.has(briefId)) this.leaveAll(socket, briefId);
    }
  }

  /**
   * Checks again every socket of this process against the store: one whose session ended is
   * ended, one that lost a brief leaves its rooms. For when control messages may have been
   * missed (the Redis link was lost and is back, ControlChannel X3).
   */
  async recheckAll(): Promise<void> {
    for (const socket of [...this.io.of("/").sockets.values()]) {
      if (!(await this.sessionHolds(socket))) continue;
      for (const briefId of [...socket.data.roomsByBrief.keys()]) {
        if (!(await this.memberRole(socket, briefId))) this.leaveAll(socket, briefId);
      }
    }
  }

  private toBrief(briefId: string) {
    return this.io.to(formatRoomName({ kind: "brief", briefId }));
  }

  recommendation(event: RecommendationEvent): void {
    this.io
      .to([
        formatRoomName({ kind: "brief", briefId: event.briefId }),
        formatRoomName({ kind: "recommendation", recommendationId: event.id }),
      ])
      .emit(event.type, event);
  }

  sectorsUpdated(briefId: string): void {
    this.toBrief(briefId).emit(ServerEvent.SectorsUpdated, { type: ServerEvent.SectorsUpdated, briefId });
  }

  briefUpdated(briefId: string, updatedAt: string): void {
    this.toBrief(briefId).emit(ServerEvent.BriefUpdated, { type: ServerEvent.BriefUpdated, briefId, updatedAt });
  }

  memberUpdated(briefId: string, userId: string, role: Role | null): void {
    const event = { type: ServerEvent.MemberUpdated, briefId, userId, role } as const;
    if (role === null) {
      // A removed member stops hearing about the brief at once. Their sockets leave the brief's
      // room through the adapter first: on every process, and ahead of every later event this
      // process sends (one Redis connection carries both, in order), such as the removal's
      // activity. The control message then moves them out of the brief's other rooms, and
      // presence follows; it travels on another connection, so it may come after this event:
      // hence `except` as well.
      const ownRoom = formatRoomName({ kind: "user", userId });
      this.io.in(ownRoom).socketsLeave(formatRoomName({ kind: "brief", briefId }));
      this.control.send({ type: "member.removed", briefId, userId });
      this.toBrief(briefId).except(ownRoom).emit(ServerEvent.MemberUpdated, event);
      return;
    }
    this.toBrief(briefId).emit(ServerEvent.MemberUpdated, event);
  }

  reportImported(briefId: string, reportId: string, title: string): void {
    this.toBrief(briefId).emit(ServerEvent.ReportImported, {
      type: ServerEvent.ReportImported,
      briefId,
      reportId,
      title,
    });
  }

  reportUpdated(briefId: string, reportId: string, title: string): void {
    this.toBrief(briefId).emit(ServerEvent.ReportUpdated, {
      type: ServerEvent.ReportUpdated,
      briefId,
      reportId,
      title,
    });
  }

  reportDeleted(briefId: string, reportId: string): void {
    this.toBrief(briefId).emit(ServerEvent.ReportDeleted, { type: ServerEvent.ReportDeleted, briefId, reportId });
  }

  review(event: ReviewEvent): void {
    this.io
      .to([
        formatRoomName({ kind: "brief", briefId: event.briefId }),
        formatRoomName({ kind: "recommendation", recommendationId: event.recommendationId }),
      ])
      .emit(event.type, event);
  }

  mention(userId: string, event: MentionEvent): void {
    this.io.to(formatRoomName({ kind: "user", userId })).emit(ServerEvent.MentionCreated, event);
  }

  /** To the sockets of `userId` only (their user room, joined on connection). */
  notification(userId: string, event: NotificationEvent): void {
    this.io.to(formatRoomName({ kind: "user", userId })).emit(event.type, event);
  }

  activity(event: ActivityEvent): void {
    this.toBrief(event.briefId).emit(ServerEvent.ActivityCreated, event);
  }

  citation(event: CitationEvent): void {
    this.toBrief(event.briefId).emit(ServerEvent.CitationUpdated, event);
  }

  source(event: SourceEvent): void {
    this.toBrief(event.briefId).emit(ServerEvent.SourceUpdated, event);
  }

  /** To the brief's room: the dashboard's counts and the recommendation's editors refetch (issue 19). */
  claims(event: ClaimsEvent): void {
    this.toBrief(event.briefId).emit(ServerEvent.ClaimsUpdated, event);
  }

  /** To the recommendation's room: its history panels refetch. */
  version(event: VersionEvent): void {
    this.io
      .to(formatRoomName({ kind: "recommendation", recommendationId: event.recommendationId }))
      .emit(ServerEvent.VersionCreated, event);
  }

  close(): Promise<void> {
    clearInterval(this.sessionSweepTimer);
    for (const settle of this.presenceSettles.values()) clearTimeout(settle);
    this.presenceSettles.clear();
    return new Promise((resolve) => {
      this.io.close(() => resolve());
    });
  }
}
