import { skippedUnless } from "../../../test/helpers/skipped.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { redisServerMissing, startRedis, type TestRedis } from "../../../test/helpers/redisServer.js";
import { createLogger } from "../logger.js";
import {
  CONTROL_CHANNEL,
  type ControlChannel,
  type ControlMessage,
  localControlChannel,
  MAX_SESSION_HASHES_PER_MESSAGE,
  redisControlChannel,
} from "./ControlChannel.js";
import { connectRedis, type RedisLink } from "./redis.js";

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED the Redis part of server/src/cluster/ControlChannel.test.ts: ${missing}`);

const removal: ControlMessage = { type: "member.removed", briefId: "brief-1", userId: "user-1" };

describe("the control channel of one process", () => {
  it("[X1] applies at once, before send returns", () => {
    const applied: ControlMessage[] = [];
    const channel = localControlChannel((message) => applied.push(message), createLogger("silent"));
    channel.send(removal);
    expect(applied).toEqual([removal]);
  });
});

describe.skipIf(missing !== null)(skippedUnless("the control channel over Redis", missing), () => {
  let redis: TestRedis;
  const links: RedisLink[] = [];
  const channels: ControlChannel[] = [];
  const logger = createLogger("silent");
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(channels.splice(0).map((channel) => channel.close()));
    await Promise.all(links.splice(0).map((link) => link.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** One process's channel: its own Redis link, and what it applied. */
  async function process(onMissed?: () => void) {
    const link = await connectRedis(redis.url, { logger, connectTimeoutMs: 5_000 });
    links.push(link);
    const applied: ControlMessage[] = [];
    const channel = redisControlChannel({ redis: link, apply: (message) => applied.push(message), logger, onMissed });
    channels.push(channel);
    await channel.ready();
    return { link, channel, applied };
  }

  it("[X1][X2] a message is applied once on the sender, at once, and once on every other process", async () => {
    const one = await process();
    const two = await process();
    const three = await process();
    one.channel.send(removal);
    expect(one.applied).toEqual([removal]);
    await eventually(() => {
      expect(two.applied).toEqual([removal]);
      expect(three.applied).toEqual([removal]);
    });
    // The sender's own copy came back from Redis too, and was ignored: a later message from
    // another process arrives after it, and the sender still holds one of each.
    const recheck: ControlMessage = { type: "documents.recheck", docName: "rec-1", userId: "user-1" };
    two.channel.send(recheck);
    await eventually(() => expect(one.applied).toEqual([removal, recheck]));
  });

  it("[X2] drops what does not parse, and goes on applying what does", async () => {
    const one = await process();
    const two = await process();
    const send = (payload: string) => one.link.command.publish(CONTROL_CHANNEL, payload);
    await send("not json");
    await send(JSON.stringify({ origin: "elsewhere", message: { type: "documents.delete-everything" } }));
    await send(JSON.stringify({ origin: "elsewhere", message: { ...removal, extra: "field" } }));
    await send(
      JSON.stringify({ origin: "elsewhere", message: { type: "sessions.ended", sessionHashes: [], reason: "logout" } }),
    );
    await send(
      JSON.stringify({ origin: "elsewhere", message: { type: "documents.revoke", docName: "x".repeat(129) } }),
    );
    const revoke: ControlMessage = { type: "documents.revoke", docName: "rec-2" };
    one.channel.send(revoke);
    await eventually(() => expect(two.applied).toEqual([revoke]));
  });

  it("sends a long list of ended sessions in parts that each parse", async () => {
    const one = await process();
    const two = await process();
    const sessionHashes = Array.from({ length: MAX_SESSION_HASHES_PER_MESSAGE * 2 + 1 }, (_, i) => `hash-${i}`);
    one.channel.send({ type: "sessions.ended", sessionHashes, reason: "password-changed" });
    expect(one.applied).toHaveLength(1);
    await eventually(() =>
      expect(
        two.applied.flatMap((message) => (message.type === "sessions.ended" ? message.sessionHashes : [])),
      ).toEqual(sessionHashes),
    );
    expect(two.applied).toHaveLength(3);
  });

  it("[X3] after Redis was lost and is back, onMissed runs; messages flow again", async () => {
    let missed = 0;
    const one = await process(() => missed++);
    const two = await process();
    await redis.kill();
    await eventually(() => expect(one.link.isUp).toBe(false));
    // Sent while Redis is gone: applied here, lost for the others (hence onMissed).
    two.channel.send(removal);
    expect(two.applied).toEqual([removal]);
    await redis.restart();
    await eventually(() => expect(missed).toBe(1), { timeoutMs: 10_000 });
    await eventually(() => expect(two.link.isUp).toBe(true), { timeoutMs: 10_000 });
    const after: ControlMessage = { type: "documents.recheck", userId: "user-2" };
    // The subscription is restored with the connection (ioredis subscribes again by itself).
    await eventually(
      async () => {
        two.channel.send(after);
        expect(one.applied).toContainEqual(after);
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(one.applied.some((message) => message.type === "member.removed")).toBe(false);
  });
});
