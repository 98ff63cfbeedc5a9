import {
  ServerEvent,
  notificationEventSchema,
  sessionEndedEventSchema,
  type ClientToServerEvents,
  type NotificationView,
  type ServerToClientEvents,
} from "@accord/protocol";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { createRequest } from "../api/request";
import { errorMessage } from "../api/ApiError";
import { useSession } from "../components/SessionProvider";
import { createNotificationsApi, notificationSentence } from "./notificationsApi";

const PAGE = 20;

export interface NotificationsState {
  notifications: NotificationView[];
  unreadCount: number;
  /** More (older) ones can be loaded. */
  hasOlder: boolean;
  error: string | null;
  /** The newest notification that arrived while this page was open, said once (for a live region). */
  arrived: string | null;
  loadOlder: () => Promise<void>;
  markRead: (id: string) => void;
  markAllRead: () => Promise<void>;
}

/**
 * The signed-in person's notifications: the newest page from REST, refetched whenever the
 * server says they changed (socket.io `notification.created` / `notifications.read`, sent to
 * this person's own sockets) and after every reconnection, so a tab that was away catches up.
 */
export function useNotifications(): NotificationsState {
  const { sessionEnded } = useSession();
  const sessionEndedRef = useRef(sessionEnded);
  sessionEndedRef.current = sessionEnded;
  const api = useMemo(() => createNotificationsApi(createRequest({ onSessionEnded: () => sessionEndedRef.current("expired") })), []);
  const [notifications, setNotifications] = useState<NotificationView[]>([]);
  const [unreadCount, setUnreadCount] = useState(0);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [arrived, setArrived] = useState<string | null>(null);
  const seen = useRef<Set<string> | null>(null);
  const listRef = useRef(notifications);
  listRef.current = notifications;

  const refresh = useCallback(
    async (announce: boolean) => {
      try {
        const page = await api.list({ limit: PAGE });
        setNotifications(page.notifications);
        setUnreadCount(page.unreadCount);
        setNextBefore(page.nextBefore);
        setError(null);
        const known = seen.current;
        const fresh = page.notifications.find((n) => !n.read && known !== null && !known.has(n.id));
        if (announce && fresh) setArrived(`New notification: ${notificationSentence(fresh)}.`);
        seen.current = new Set([...(known ?? []), ...page.notifications.map((n) => n.id)]);
      } catch (caught) {
        setError(errorMessage(caught));
      }
    },
    [api],
  );

  useEffect(() => {
    // WebSocket only, as the brief's socket: the server puts every socket of this person in
    // their own room, where their notifications are announced.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ withCredentials: true, transports: ["websocket"] });
    socket.on("connect", () => void refresh(false));
    const onChange = (payload: unknown) => {
      const parsed = notificationEventSchema.safeParse(payload);
      if (parsed.success) void refresh(parsed.data.type === ServerEvent.NotificationCreated);
    };
    socket.on(ServerEvent.NotificationCreated, onChange);
    socket.on(ServerEvent.NotificationsRead, onChange);
    socket.on(ServerEvent.SessionEnded, (payload: unknown) => {
      const parsed = sessionEndedEventSchema.safeParse(payload);
      if (parsed.success) sessionEndedRef.current(parsed.data.reason);
    });
    return () => {
      socket.disconnect();
    };
  }, [refresh]);

  const loadOlder = useCallback(async () => {
    if (!nextBefore) return;
    try {
      const page = await api.list({ before: nextBefore, limit: PAGE });
      setNotifications((current) => [...current, ...page.notifications.filter((n) => !current.some((c) => c.id === n.id))]);
      setNextBefore(page.nextBefore);
      setUnreadCount(page.unreadCount);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [api, nextBefore]);

  const markRead = useCallback(
    (id: string) => {
      if (listRef.current.some((n) => n.id === id && !n.read)) setUnreadCount((count) => Math.max(0, count - 1));
      setNotifications((current) => current.map((n) => (n.id === id ? { ...n, read: true } : n)));
      // Sent even if already read here: another tab may not know yet. Navigation goes on meanwhile.
      api.markRead({ ids: [id] }).then(
        ({ unreadCount: count }) => setUnreadCount(count),
        (caught: unknown) => setError(errorMessage(caught)),
      );
    },
    [api],
  );

  const markAllRead = useCallback(async () => {
    try {
      const { unreadCount: count } = await api.markRead({ all: true });
      setNotifications((current) => current.map((n) => ({ ...n, read: true })));
      setUnreadCount(count);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [api]);

  return { notifications, unreadCount, hasOlder: nextBefore !== null, error, arrived, loadOlder, markRead, markAllRead };
}
