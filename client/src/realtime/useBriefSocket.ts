import {
  ClientEvent,
  ServerEvent,
  activityEventSchema,
  briefEventSchema,
  claimsEventSchema,
  memberEventSchema,
  presenceEventSchema,
  recommendationEventSchema,
  reportDeletedEventSchema,
  reportImportedEventSchema,
  reportUpdatedEventSchema,
  reviewEventSchema,
  sectorsEventSchema,
  sessionEndedEventSchema,
  versionEventSchema,
  type ClientToServerEvents,
  type JoinAck,
  type PresenceEvent,
  type ServerToClientEvents,
} from "@accord/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useSession } from "../components/SessionProvider";
import { listenForBibliographyEvents } from "./bibliographyEvents";
import type { BriefChangeEvent } from "./liveQueryKeys";

export type LiveUpdatesState =
  | { status: "connecting" }
  | { status: "live" }
  | { status: "reconnecting" }
  | { status: "refused"; message: string };

export interface BriefEventHandlers {
  /** Some of the brief's server state changed (see liveQueryKeys.ts for what each event makes stale). */
  onChange: (event: BriefChangeEvent) => void;
  /** After a reconnection: notifications may have been missed, so refetch everything. */
  onResync: () => void;
}

type BriefSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The brief's notification channel. socket.io only says *that* something changed
 * (the payload is validated and otherwise ignored); the handlers refetch through REST,
 * which checks permissions again. Rooms are re-joined after every reconnection.
 */
export function useBriefSocket(briefId: string, handlers: BriefEventHandlers) {
  const [state, setState] = useState<LiveUpdatesState>({ status: "connecting" });
  const [presence, setPresence] = useState<PresenceEvent["users"] | null>(null);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const { sessionEnded } = useSession();
  const sessionEndedRef = useRef(sessionEnded);
  sessionEndedRef.current = sessionEnded;
  const socketRef = useRef<BriefSocket | null>(null);
  /** The recommendation rooms the open screens asked for, so a reconnection can re-join them. */
  const watched = useRef(new Map<string, number>());

  useEffect(() => {
    // WebSocket only: the document sync needs WebSockets anyway, and skipping HTTP long-polling
    // means no sticky sessions are needed when several app nodes sit behind a load balancer.
    const socket: BriefSocket = io({ withCredentials: true, autoConnect: false, transports: ["websocket"] });
    socketRef.current = socket;
    let connectedBefore = false;

    const joinRecommendation = (recommendationId: string) =>
      socket.emit(ClientEvent.RecommendationJoin, { recommendationId }, () => undefined);

    socket.on("connect", () => {
      socket.emit(ClientEvent.BriefJoin, { briefId }, (ack: JoinAck) => {
        if ("ok" in ack) setState({ status: "live" });
        else setState({ status: "refused", message: ack.error.message });
      });
      for (const recommendationId of watched.current.keys()) joinRecommendation(recommendationId);
      if (connectedBefore) handlersRef.current.onResync();
      connectedBefore = true;
    });
    socket.on("disconnect", (reason) => {
      // The server ending the connection on purpose (e.g. the member was removed) is not retried by socket.io.
      setState(
        reason === "io server disconnect"
          ? { status: "refused", message: "Live updates stopped by the server." }
          : { status: "reconnecting" },
      );
      setPresence(null);
    });
    socket.on("connect_error", () => setState({ status: "reconnecting" }));

    const forThisBrief = (event: { briefId: string }) => event.briefId === briefId;
    const onRecommendation = (payload: unknown) => {
      const parsed = recommendationEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    };
    socket.on(ServerEvent.RecommendationCreated, onRecommendation);
    socket.on(ServerEvent.RecommendationUpdated, onRecommendation);
    socket.on(ServerEvent.RecommendationDeleted, onRecommendation);
    socket.on(ServerEvent.SectorsUpdated, (payload: unknown) => {
      const parsed = sectorsEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    socket.on(ServerEvent.BriefUpdated, (payload: unknown) => {
      const parsed = briefEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    socket.on(ServerEvent.MemberUpdated, (payload: unknown) => {
      const parsed = memberEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    socket.on(ServerEvent.ReportImported, (payload: unknown) => {
      const parsed = reportImportedEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    socket.on(ServerEvent.ReportUpdated, (payload: unknown) => {
      const parsed = reportUpdatedEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    socket.on(ServerEvent.ReportDeleted, (payload: unknown) => {
      const parsed = reportDeletedEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    const onReview = (payload: unknown) => {
      const parsed = reviewEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    };
    for (const name of [
      ServerEvent.ThreadCreated,
      ServerEvent.ThreadUpdated,
      ServerEvent.ThreadDeleted,
      ServerEvent.CommentCreated,
      ServerEvent.CommentUpdated,
      ServerEvent.CommentDeleted,
    ] as const) {
      socket.on(name, onReview);
    }
    socket.on(ServerEvent.ActivityCreated, (payload: unknown) => {
      const parsed = activityEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    // The event's name says its type; the payload is read whether or not it repeats it.
    socket.on(ServerEvent.VersionCreated, (payload: unknown) => {
      const parsed = versionEventSchema.safeParse({ ...(payload as object), type: ServerEvent.VersionCreated });
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    socket.on(ServerEvent.ClaimsUpdated, (payload: unknown) => {
      const parsed = claimsEventSchema.safeParse({ ...(payload as object), type: ServerEvent.ClaimsUpdated });
      if (parsed.success && forThisBrief(parsed.data)) handlersRef.current.onChange(parsed.data);
    });
    listenForBibliographyEvents(socket, briefId, () => ({
      onCitation: handlersRef.current.onChange,
      onSource: handlersRef.current.onChange,
    }));
    // This session ended (logged out here or elsewhere, password changed, expired): the server
    // disconnects right after; the app says why and goes to the login page.
    socket.on(ServerEvent.SessionEnded, (payload: unknown) => {
      const parsed = sessionEndedEventSchema.safeParse(payload);
      if (parsed.success) sessionEndedRef.current(parsed.data.reason);
    });
    socket.on(ServerEvent.PresenceUpdated, (payload: unknown) => {
      const parsed = presenceEventSchema.safeParse(payload);
      if (parsed.success && forThisBrief(parsed.data)) setPresence(parsed.data.users);
    });

    socket.connect();
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
      setState({ status: "connecting" });
      setPresence(null);
    };
  }, [briefId]);

  /** Join a recommendation's room while a screen shows it; the returned function leaves it. */
  const watchRecommendation = useCallback((recommendationId: string) => {
    const counts = watched.current;
    counts.set(recommendationId, (counts.get(recommendationId) ?? 0) + 1);
    const socket = socketRef.current;
    if (socket?.connected && counts.get(recommendationId) === 1) {
      socket.emit(ClientEvent.RecommendationJoin, { recommendationId }, () => undefined);
    }
    return () => {
      const remaining = (counts.get(recommendationId) ?? 1) - 1;
      if (remaining > 0) {
        counts.set(recommendationId, remaining);
        return;
      }
      counts.delete(recommendationId);
      const current = socketRef.current;
      if (current?.connected) current.emit(ClientEvent.RecommendationLeave, { recommendationId }, () => undefined);
    };
  }, []);

  return { state, presence, watchRecommendation };
}
