import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { RedisLink } from "./redis.js";

/** The socket.io adapter option: rooms and broadcasts that span every process. */
export type EventsAdapter = ReturnType<typeof createAdapter>;

/**
 * socket.io's events across processes through `@socket.io/redis-adapter`, on two connections of
 * its own (duplicates of the command connection): the adapter subscribes to patterns and
 * answers requests on its subscriber, which must never be the link's (whose listeners are
 * the document relay's and the control channel's).
 *
 * Built synchronously (the server is), so these two queue commands until connected: the
 * adapter subscribes the moment socket.io creates its namespace. `ready` resolves once both
 * answered a ping sent after those subscriptions, that is once events from other processes arrive.
 */
export function createEventsAdapter(
  redis: RedisLink,
  logger: Logger,
): { adapter: EventsAdapter; ready(): Promise<void>; close(): Promise<void> } {
  const duplicate = (connectionName: string) =>
    redis.command.duplicate({ connectionName, lazyConnect: false, enableOfflineQueue: true });
  const pub = duplicate("accord-events-pub");
  const sub = duplicate("accord-events-sub");
  for (const connection of [pub, sub]) {
    // The link logs the loss itself; these only must not throw for want of a listener.
    connection.on("error", (error: Error) => logger.debug({ err: error }, "events adapter Redis connection error"));
  }
  return {
    adapter: createAdapter(safePublisher(pub, logger), sub, { key: "accord:events" }),
    async ready() {
      await Promise.all([pub.ping(), sub.ping()]);
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/**
 * The adapter calls `publish` without handling its promise: with the offline queue off (see
 * redis.ts) a publish fails while Redis is lost — here, once the queued command gives up
 * (`maxRetriesPerRequest`) — and an unhandled rejection stops Node. The event is lost either way
 * (clients refetch through REST when they reconnect); it is only logged.
 */
function safePublisher(pub: Redis, logger: Logger): Redis {
  const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  Object.assign(pub, {
    publish: (channel: string | Buffer, message: string | Buffer) =>
      publish(channel, message).catch((error: unknown) => {
        logger.warn({ err: error }, "a socket.io event did not reach the other processes: Redis did not answer");
        return 0;
      }),
  });
  return pub;
}
