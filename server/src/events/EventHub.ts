import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { can, type Role, type User } from "@accord/domain";
import {
  briefJoinSchema,
  ClientEvent,
  formatRoomName,
  recommendationJoinSchema,
  ServerEvent,
  type ActivityEvent,
  type ClientToServerEvents,
  type JoinAck,
  type MentionEvent,
  type RecommendationEvent,
  type ReviewEvent,
  type ServerToClientEvents,
} from "@accord/protocol";
import type { Sessions } from "../auth/Sessions.js";
import type { Notifier } from "../commands/context.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/Store.js";

interface SocketData {
  user: User;
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
}

const refused = (code: string, message: string): JoinAck => ({ error: { code, message } });

/**
 * The events channel: socket.io rooms per brief and per recommendation, joined
 * only after the same permission check as REST. It only tells clients what
 * changed; they refetch through REST.
 */
export class EventHub implements Notifier {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly store: Store;
  private readonly logger: Logger;

  constructor(options: EventHubOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.io = new Server(options.httpServer, {
      path: "/socket.io",
      serveClient: false,
      // The document socket shares the HTTP server; its upgrades are not ours to destroy.
      destroyUpgrade: false,
      allowRequest: (req, callback) => callback(null, options.isAllowedOrigin(req.headers.origin)),
    });
    this.io.use(async (socket, next) => {
      try {
        const user = await options.sessions.userFromCookieHeader(socket.handshake.headers.cookie);
        if (!user) return next(new Error("unauthenticated"));
        socket.data.user = user;
        socket.data.roomsByBrief = new Map();
        next();
      } catch (error) {
        this.logger.error({ err: error }, "socket.io authentication failed");
        next(new Error("unavailable"));
      }
    });
    this.io.on("connection", (socket) => this.onConnection(socket));
  }

  private onConnection(socket: HubSocket): void {
    // Notifications meant for this person only (mentions) go to this room. Joined by the
    // server, never on request: the handshake already proved who the user is.
    void socket.join(formatRoomName({ kind: "user", userId: socket.data.user.id }));
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
    socket.on(ClientEvent.BriefJoin, handle((payload) => this.joinBrief(socket, payload)));
    socket.on(ClientEvent.RecommendationJoin, handle((payload) => this.joinRecommendation(socket, payload)));
    socket.on(ClientEvent.BriefLeave, handle((payload) => this.leaveBrief(socket, payload)));
    socket.on(ClientEvent.RecommendationLeave, handle(async (payload) => {
      const parsed = recommendationJoinSchema.safeParse(payload);
      if (!parsed.success) return refused("invalid", "recommendationId: is not a valid id");
      const room = formatRoomName({ kind: "recommendation", recommendationId: parsed.data.recommendationId });
      await socket.leave(room);
      for (const rooms of socket.data.roomsByBrief.values()) rooms.delete(room);
      return { ok: true };
    }));
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
    if (!parsed.success) return refused("invalid", "briefId: is not a valid id");
    const { briefId } = parsed.data;
    if (!(await this.memberRole(socket, briefId))) return refused("not_found", "No such brief.");
    const room = formatRoomName({ kind: "brief", briefId });
    await socket.join(room);
    this.remember(socket, briefId, room);
    this.publishPresence(briefId);
    return { ok: true };
  }

  private async leaveBrief(socket: HubSocket, payload: unknown): Promise<JoinAck> {
    const parsed = briefJoinSchema.safeParse(payload);
    if (!parsed.success) return refused("invalid", "briefId: is not a valid id");
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
    if (!parsed.success) return refused("invalid", "recommendationId: is not a valid id");
    const recommendation = await this.store.getRecommendation(parsed.data.recommendationId);
    if (!recommendation || !(await this.memberRole(socket, recommendation.briefId))) {
      return refused("not_found", "No such recommendation.");
    }
    const room = formatRoomName({ kind: "recommendation", recommendationId: recommendation.id });
    await socket.join(room);
    this.remember(socket, recommendation.briefId, room);
    return { ok: true };
  }

  private publishPresence(briefId: string): void {
    const room = formatRoomName({ kind: "brief", briefId });
    const users = new Map<string, string>();
    for (const socket of this.io.of("/").sockets.values()) {
      if (socket.rooms.has(room)) users.set(socket.data.user.id, socket.data.user.name);
    }
    this.io.to(room).emit(ServerEvent.PresenceUpdated, {
      type: ServerEvent.PresenceUpdated,
      briefId,
      users: [...users].map(([userId, name]) => ({ userId, name })),
    });
  }

  private toBrief(briefId: string) {
    return this.io.to(formatRoomName({ kind: "brief", briefId }));
  }

  recommendation(event: RecommendationEvent): void {
    this.io
      .to([formatRoomName({ kind: "brief", briefId: event.briefId }), formatRoomName({ kind: "recommendation", recommendationId: event.id })])
      .emit(event.type, event);
  }

  sectorsUpdated(briefId: string): void {
    this.toBrief(briefId).emit(ServerEvent.SectorsUpdated, { type: ServerEvent.SectorsUpdated, briefId });
  }

  briefUpdated(briefId: string, updatedAt: string): void {
    this.toBrief(briefId).emit(ServerEvent.BriefUpdated, { type: ServerEvent.BriefUpdated, briefId, updatedAt });
  }

  memberUpdated(briefId: string, userId: string, role: Role | null): void {
    // A removed member stops hearing about the brief at once, before the notification goes out.
    if (role === null) {
      for (const socket of this.io.of("/").sockets.values()) {
        if (socket.data.user.id === userId) this.leaveAll(socket, briefId);
      }
    }
    this.toBrief(briefId).emit(ServerEvent.MemberUpdated, { type: ServerEvent.MemberUpdated, briefId, userId, role });
  }

  reportImported(briefId: string, reportId: string, title: string): void {
    this.toBrief(briefId).emit(ServerEvent.ReportImported, { type: ServerEvent.ReportImported, briefId, reportId, title });
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

  activity(event: ActivityEvent): void {
    this.toBrief(event.briefId).emit(ServerEvent.ActivityCreated, event);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.io.close(() => resolve());
    });
  }
}
