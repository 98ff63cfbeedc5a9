import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { CLIENT_DIST } from "./startServer.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Headless as root on these machines; without the networking flags Chromium's own
// background connections are refused by the closed network, many at a time.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Real Chromium for the browser tests. Never skipped: on a machine without a browser or a
 * built client the test fails (not "skipped") and says how to fix it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
        "or point CHROMIUM_PATH at a Chromium binary.",
    );
  }
  if (!fs.existsSync(path.join(CLIENT_DIST, "index.html"))) {
    throw new Error(`The built client is missing (${CLIENT_DIST}). Run \`npm run build\` first (\`npm test\` does).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
