import { parentPort } from "node:worker_threads";
import { checkUpdate } from "./updateCheck.js";
import { serveUpdateChecks } from "./UpdateChecker.js";

// The update check worker's entry (UpdateChecker starts it): the same check the event loop
// falls back to.
serveUpdateChecks(parentPort!, checkUpdate);
