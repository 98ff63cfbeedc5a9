import { parentPort } from "node:worker_threads";
import { checkUpdate } from "../../../server/src/collab/updateCheck.js";
import { serveUpdateChecks } from "../../../server/src/collab/UpdateChecker.js";

// The real worker, except that a 3-byte update starting 0xee never finishes its check.
serveUpdateChecks(parentPort!, (update) => {
  if (update.length === 3 && update[0] === 0xee) for (;;);
  return checkUpdate(update);
});
