import { randomUUID } from "node:crypto";
import { sessionEndReasonSchema } from "@accord/protocol";
import { z } from "zod";
import type { Logger } from "../logger.js";
import type { RedisLink } from "./redis.js";

/** The pub/sub channel every process of one deployment listens on. */
export const CONTROL_CHANNEL = "accord:control";
const CONTROL_CHANNEL_BYTES = Buffer.from(CONTROL_CHANNEL);

/** Session hashes per message: "log out everywhere" of a user with many sessions is sent in parts. */
export const MAX_SESSION_HASHES_PER_MESSAGE = 500;

const name = z.string().min(1).max(128);
const connectionFilter = { docName: name.optional(), userId: name.optional() };

/**
 * What one process tells all: the effects of an access change that reach sockets, which are
 * held by whichever process the client happened to connect to.
 */
export const controlMessageSchema = z.discriminatedUnion("type", [
  /** Close matching document connections with PermissionsChanged: they reconnect and are authorized again. */
  z.object({ type: z.literal("documents.recheck"), ...connectionFilter }).strict(),
  /** Close matching document connections with AccessRevoked, for good. */
  z.object({ type: z.literal("documents.revoke"), ...connectionFilter }).strict(),
  /** These sessions ended: their document sockets and socket.io connections close. */
  z
    .object({
      type: z.literal("sessions.ended"),
      sessionHashes: z.array(name).min(1).max(MAX_SESSION_HASHES_PER_MESSAGE),
      reason: sessionEndReasonSchema,
    })
    .strict(),
  /** A member was removed: their socket.io sockets leave the brief's rooms. */
  z.object({ type: z.literal("member.removed"), briefId: name, userId: name }).strict(),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;

const envelopeSchema = z.object({ origin: z.string().min(1).max(64), message: controlMessageSchema }).strict();

/** Applies one message to this process's own sockets. Synchronous: it only closes and moves sockets. */
export type ApplyControlMessage = (message: ControlMessage) => void;

/**
 * Rules:
 *  X1. `send` applies the message on this process at once, before it returns (as a single
 *      process always did), then publishes it; every other process applies it on receipt.
 *  X2. A received message is validated; one that does not parse is logged and dropped. A process
 *      ignores its own messages (X1 applied them already), by the origin id each one carries.
 *  X3. Pub/sub keeps nothing for a process that is disconnected: messages sent while Redis was
 *      lost are gone. `onMissed` runs once the link is back, so that the process checks again
 *      what those messages would have told it (document rooms resynchronise on their own).
 */
export interface ControlChannel {
  send(message: ControlMessage): void;
  /** Resolves once messages of other processes are received. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** One process: `send` only applies. */
export function localControlChannel(apply: ApplyControlMessage, logger: Logger): ControlChannel {
  return {
    send: (message) => applySafely(apply, message, logger),
    ready: async () => {},
    close: async () => {},
  };
}

export function redisControlChannel({
  redis,
  apply,
  logger,
  onMissed,
}: {
  redis: RedisLink;
  apply: ApplyControlMessage;
  logger: Logger;
  /** X3: called after the Redis link came back from a loss. */
  onMissed?: () => void;
}): ControlChannel {
  const origin = randomUUID();
  let closed = false;
  // As Buffers: a "message" listener would make ioredis decode every document batch on the
  // shared subscriber connection to a string, only for this channel to ignore it.
  const receive = (channel: Buffer, payload: Buffer) => {
    if (closed || !channel.equals(CONTROL_CHANNEL_BYTES)) return;
    let envelope: z.infer<typeof envelopeSchema>;
    try {
      envelope = envelopeSchema.parse(JSON.parse(payload.toString("utf8")));
    } catch (error) {
      logger.warn({ err: error, bytes: payload.length }, "control message dropped: not one Accord sends");
      return;
    }
    if (envelope.origin === origin) return;
    applySafely(apply, envelope.message, logger);
  };
  redis.subscriber.on("messageBuffer", receive);
  if (onMissed) redis.onRestored(() => (closed ? undefined : onMissed()));
  const subscribed = redis.subscriber.subscribe(CONTROL_CHANNEL).then(() => undefined);
  // Awaited by `ready`; a failure here must not also surface as an unhandled rejection.
  subscribed.catch(() => {});
  return {
    send(message) {
      applySafely(apply, message, logger);
      if (closed) return;
      for (const part of split(message)) {
        redis.command
          .publish(CONTROL_CHANNEL, JSON.stringify({ origin, message: part }))
          .catch((error: unknown) =>
            logger.warn(
              { err: error, type: message.type },
              "control message not published: other processes check again once Redis is back",
            ),
          );
      }
    },
    ready: () => subscribed,
    async close() {
      if (closed) return;
      closed = true;
      redis.subscriber.off("messageBuffer", receive);
      await redis.subscriber.unsubscribe(CONTROL_CHANNEL).catch(() => {});
    },
  };
}

function split(message: ControlMessage): ControlMessage[] {
  if (message.type !== "sessions.ended" || message.sessionHashes.length <= MAX_SESSION_HASHES_PER_MESSAGE) {
    return [message];
  }
  const parts: ControlMessage[] = [];
  for (let i = 0; i < message.sessionHashes.length; i += MAX_SESSION_HASHES_PER_MESSAGE) {
    parts.push({ ...message, sessionHashes: message.sessionHashes.slice(i, i + MAX_SESSION_HASHES_PER_MESSAGE) });
  }
  return parts;
}

function applySafely(apply: ApplyControlMessage, message: ControlMessage, logger: Logger): void {
  try {
    apply(message);
  } catch (error) {
    logger.error({ err: error, type: message.type }, "applying a control message failed");
  }
}
