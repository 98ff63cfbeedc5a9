import { parentPort } from "node:worker_threads";
import { serveUpdateChecks } from "../../../server/src/collab/UpdateChecker.js";

// Answers every check "invalid", as a worker with a broken yjs might.
serveUpdateChecks(parentPort!, () => ({ kind: "invalid", reason: "broken" }));
