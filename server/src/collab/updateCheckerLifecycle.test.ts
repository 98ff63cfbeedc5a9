import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startHarness } from "../../../test/helpers/collabHarness.js";
import { startServer } from "../../../test/helpers/startServer.js";
import { Compactor } from "./Compactor.js";
import { Room, type RoomOptions } from "./Room.js";

describe("the update checker's lifecycle", () => {
  it("[D4] closing the server terminates its update check worker", async () => {
    const running = await startServer();
    // listen() waits for the worker's first answer.
    expect(running.server.updateChecker.status()).toBe("worker");
    await running.close();
    // "closed" only once the worker's exit event came (UpdateChecker.close).
    expect(running.server.updateChecker.status()).toBe("closed");
  });

  it("[D4] two servers in one process have a worker each: closing one leaves the other's running", async () => {
    const first = await startServer();
    const second = await startServer();
    expect(first.server.updateChecker).not.toBe(second.server.updateChecker);
    await first.close();
    expect(first.server.updateChecker.status()).toBe("closed");
    expect(second.server.updateChecker.status()).toBe("worker");
    await second.close();
    expect(second.server.updateChecker.status()).toBe("closed");
  });

  it("[D4] stopping the collab harness closes the checker it built", async () => {
    const h = await startHarness();
    expect(h.checker.status()).toBe("worker");
    await h.stop();
    expect(h.checker.status()).toBe("closed");
  });

  it("[D4] a Room is not made without the server's checker: no silent process-wide one", async () => {
    const h = await startHarness();
    const logger = pino({ level: "silent" });
    const options = {
      docName: "rec-1",
      stored: { snapshot: null, updates: [] },
      store: h.store,
      logger,
      compactor: new Compactor({ store: h.store, logger, afterUpdates: 10, afterBytes: 1024 }),
    };
    // @ts-expect-error `checker` is required: leaving it out does not compile.
    const withoutChecker: RoomOptions = options;
    expect(() => new Room(withoutChecker)).toThrow(
      new TypeError("a Room needs the server's update checker (RoomOptions.checker)"),
    );
  });
});
