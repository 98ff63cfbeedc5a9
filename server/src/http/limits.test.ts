import type { AddressInfo } from "node:net";
import express, { type Request, type Response } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { ConcurrencyBound, ExpensiveRequests } from "./limits.js";

/**
 * The limits over real HTTP, around handlers that wait on a gate: on SQLite the real routes
 * finish within one turn of the event loop, so only a held handler shows what happens while
 * four are running. The clock is a variable, so the bucket needs no timers.
 */
describe("ExpensiveRequests and ConcurrencyBound", () => {
  const servers: Array<{ close: () => void }> = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  async function serve(
    limits: { maxConcurrentPerUser: number; ratePerSecond: number; burst: number },
    bound = new ConcurrencyBound(100, "renders"),
  ) {
    let clock = 0;
    const expensive = new ExpensiveRequests({ ...limits, now: () => clock });
    const gates: Array<() => void> = [];
    let started = 0;
    const app = express();
    // Who is asking, as requireUser would have found from the session.
    app.use((req, res, next) => {
      res.locals.user = { id: String(req.headers["x-user"]) };
      next();
    });
    app.get(
      "/held",
      expensive.limit(
        bound.limit(async (_req: Request, res: Response) => {
          started++;
          await new Promise<void>((resolve) => gates.push(resolve));
          res.json({ ok: true });
        }),
      ),
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/held`;
    return {
      expensive,
      get: (user: string) => fetch(url, { headers: { "x-user": user } }),
      started: () => started,
      releaseAll: () => gates.splice(0).forEach((release) => release()),
      advance: (ms: number) => (clock += ms),
    };
  }

  async function until(check: () => boolean) {
    while (!check()) await new Promise((resolve) => setImmediate(resolve));
  }

  it("[L1][L3] the fifth concurrent request of one user answers 429 with Retry-After while another user's runs; the slot comes back when a handler ends", async () => {
    const app = await serve({ maxConcurrentPerUser: 4, ratePerSecond: 10, burst: 100 });
    const held = [1, 2, 3, 4].map(() => app.get("ana"));
    await until(() => app.started() === 4);

    const fifth = await app.get("ana");
    expect([fifth.status, fifth.headers.get("retry-after"), (await fifth.json()).error.code]).toEqual([
      429,
      "1",
      "rate_limited",
    ]);
    expect(app.started()).toBe(4); // refused before the handler ran

    const other = app.get("bob");
    await until(() => app.started() === 5);
    app.releaseAll();
    expect((await other).status).toBe(200);
    expect((await Promise.all(held)).map((res) => res.status)).toEqual([200, 200, 200, 200]);

    const again = app.get("ana");
    await until(() => app.started() === 6);
    app.releaseAll();
    expect((await again).status).toBe(200);
  });

  it("[L2] a user past the burst waits for tokens: Retry-After says how long; idle users are forgotten", async () => {
    const app = await serve({ maxConcurrentPerUser: 4, ratePerSecond: 0.5, burst: 2 });
    for (let i = 0; i < 2; i++) {
      const res = app.get("ana");
      await until(() => app.started() === i + 1);
      app.releaseAll();
      expect((await res).status).toBe(200);
    }
    const refused = await app.get("ana");
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "2"]);
    app.advance(1_000);
    expect((await app.get("ana")).headers.get("retry-after")).toBe("1");
    app.advance(1_000);
    const passes = app.get("ana");
    await until(() => app.started() === 3);
    app.releaseAll();
    expect((await passes).status).toBe(200);

    // After a full refill period nobody is running and every bucket is full: the table empties.
    expect(app.expensive.trackedUsers).toBe(1);
    app.advance(10_000);
    const later = app.get("bob");
    await until(() => app.started() === 4);
    app.releaseAll();
    await later;
    expect(app.expensive.trackedUsers).toBe(1); // only bob, who just asked
  });

  it("a global bound answers 503 busy with Retry-After past its limit, whoever asks", async () => {
    const app = await serve(
      { maxConcurrentPerUser: 4, ratePerSecond: 10, burst: 100 },
      new ConcurrencyBound(2, "exports"),
    );
    const held = [app.get("ana"), app.get("bob")];
    await until(() => app.started() === 2);
    const third = await app.get("cleo");
    expect([third.status, third.headers.get("retry-after"), (await third.json()).error.code]).toEqual([
      503,
      "2",
      "busy",
    ]);
    app.releaseAll();
    expect((await Promise.all(held)).map((res) => res.status)).toEqual([200, 200]);
  });
});
