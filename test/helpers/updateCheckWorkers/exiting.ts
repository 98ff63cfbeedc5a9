import { parentPort } from "node:worker_threads";

// A worker that cannot check anything: it exits when asked (its first question is the canary).
parentPort!.on("message", () => process.exit(3));
