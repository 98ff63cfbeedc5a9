import {
  ServerEvent,
  notificationEventSchema,
  sessionEndedEventSchema,
  type ClientToServerEvents,
  type NotificationView,
  type ServerToClientEvents,
} from "@accord/protocol";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import { createRequest } from "../api/request";
import { useSession } from "../components/SessionProvider";
import { withRead, type InboxPages as Pages } from "./inboxPages";
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
 * The signed-in person's notifications: pages from REST, newest first, refetched whenever the
 * server says they changed (socket.io `notification.created` / `notifications.read`, sent to
 * this person's own sockets) and after every reconnection, so a tab that was away catches up.
 */
export function useNotifications(): NotificationsState {
  const { sessionEnded } = useSession();
  const sessionEndedRef = useRef(sessionEnded);
  sessionEndedRef.current = sessionEnded;
  const api = useMemo(
    () => createNotificationsApi(createRequest({ onSessionEnded: () => sessionEndedRef.current("expired") })),
    [],
  );
  const queryClient = useQueryClient();
  const queryKey = queryKeys.notifications();
  const [actionError, setActionError] = useState<string | null>(null);
  const [arrived, setArrived] = useState<string | null>(null);
  const seen = useRef<Set<string> | null>(null);
  /** Set by `notification.created`: the next answer may hold one to announce. */
  const announceNext = useRef(false);

  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => api.list({ before: pageParam, limit: PAGE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const { data } = query;

  // Pages are cut by creation time: one that two pages both hold is listed once.
  const notifications = useMemo(() => {
    const byId = new Map<string, NotificationView>();
    for (const n of (data?.pages ?? []).flatMap((page) => page.notifications)) if (!byId.has(n.id)) byId.set(n.id, n);
    return [...byId.values()];
  }, [data]);

  useEffect(() => {
    if (!data) return;
    const known = seen.current;
    const fresh = notifications.find((n) => !n.read && known !== null && !known.has(n.id));
    if (announceNext.current && fresh) setArrived(`New notification: ${notificationSentence(fresh)}.`);
    announceNext.current = false;
    seen.current = new Set([...(known ?? []), ...notifications.map((n) => n.id)]);
    setActionError(null);
  }, [data, notifications]);

  useEffect(() => {
    // WebSocket only, as the brief's socket: the server puts every socket of this person in
    // their own room, where their notifications are announced.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      withCredentials: true,
      transports: ["websocket"],
    });
    const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.notifications() });
    socket.on("connect", refresh);
    const onChange = (payload: unknown) => {
      const parsed = notificationEventSchema.safeParse(payload);
      if (!parsed.success) return;
      if (parsed.data.type === ServerEvent.NotificationCreated) announceNext.current = true;
      refresh();
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
  }, [queryClient]);

  const { hasNextPage, fetchNextPage } = query;
  const loadOlder = useCallback(async () => {
    if (!hasNextPage) return;
    await fetchNextPage();
  }, [hasNextPage, fetchNextPage]);

  // Shown read at once; put back as it was if the server refuses.
  const read = useMutation({
    // Sent even if already read here: another tab may not know yet. Navigation goes on meanwhile.
    mutationFn: (id: string) => api.markRead({ ids: [id] }),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.notifications() });
      const previous = queryClient.getQueryData<Pages>(queryKeys.notifications());
      if (previous) {
        const wasUnread = previous.pages.some((page) => page.notifications.some((n) => n.id === id && !n.read));
        const count = previous.pages[0]?.unreadCount ?? 0;
        queryClient.setQueryData<Pages>(
          queryKeys.notifications(),
          withRead(previous, (n) => n.id === id, wasUnread ? Math.max(0, count - 1) : count),
        );
      }
      return { previous };
    },
    onSuccess: ({ unreadCount }, id) =>
      queryClient.setQueryData<Pages>(
        queryKeys.notifications(),
        (current) => current && withRead(current, (n) => n.id === id, unreadCount),
      ),
    onError: (caught, _id, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.notifications(), context.previous);
      setActionError(errorMessage(caught));
    },
  });
  const markRead = read.mutate;

  const readAll = useMutation({
    mutationFn: () => api.markRead({ all: true }),
    onSuccess: ({ unreadCount }) =>
      queryClient.setQueryData<Pages>(
        queryKeys.notifications(),
        (current) => current && withRead(current, () => true, unreadCount),
      ),
    onError: (caught) => setActionError(errorMessage(caught)),
  });
  const { mutateAsync: readAllAsync } = readAll;
  const markAllRead = useCallback(async () => {
    await readAllAsync().catch(() => undefined);
  }, [readAllAsync]);

  const failed = query.isError ? errorMessage(query.error) : null;
  return {
    notifications,
    unreadCount: data?.pages[0]?.unreadCount ?? 0,
    hasOlder: hasNextPage,
    error: actionError ?? failed,
    arrived,
    loadOlder,
    markRead,
    markAllRead,
  };
}
