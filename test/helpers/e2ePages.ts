import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { ApiClient } from "./api.js";
import { launchChromium } from "./browser.js";
import { startServer, type TestServer } from "./startServer.js";

/** How long any one thing a person waits for (a page, a peer's change, a version) may take. */
export const WAIT_MS = 15_000;

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * A real server and Chromium, started before the suite's tests and closed after, with pages
 * signed in as the API helpers' users. Call it inside a `describe`. Every page's uncaught
 * errors are collected in `pageErrors`, for the suite to assert on.
 */
export function useSignedInPages() {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await server?.close();
  });

  return {
    pageErrors,

    server(): TestServer {
      if (!server) throw new Error("the server did not start");
      return server;
    },

    /**
     * `url` in a browser context of its own, signed in as `client` (its session cookie, set by
     * the API helpers' sign-up), once the page says "Connected".
     */
    async open(client: ApiClient, url: string): Promise<Page> {
      if (!browser || !server) throw new Error("the browser did not start");
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      context.setDefaultTimeout(WAIT_MS);
      const [name, value] = (client.cookie ?? "").split("=");
      await context.addCookies([{ name: name!, value: value!, url: server.url }]);
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(url);
      await connected(page);
      return page;
    },
  };
}

/** The recommendation's live body (the editable ProseMirror element). */
export function editorBody(page: Page) {
  return page.getByTestId("editor").locator(".ProseMirror");
}

/** Waits until the page's document socket says "Connected". */
export async function connected(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId("connection-status").textContent(), { timeout: WAIT_MS }).toBe("Connected");
}

/** Waits until the server has acknowledged every edit made on the page ("Saved"). */
export async function saved(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId("save-status").textContent(), { timeout: WAIT_MS }).toBe("Saved");
}

/**
 * The live body's text, a line per block (struck suggestions included), without other people's
 * caret labels (which sit inside the editor's DOM).
 */
export function documentText(page: Page): Promise<string> {
  return editorBody(page).evaluate((element) => {
    const copy = element.cloneNode(true) as typeof element;
    for (const caret of copy.querySelectorAll(".collaboration-carets__caret")) caret.remove();
    return Array.from(copy.children, (block) => block.textContent ?? "").join("\n");
  });
}

/** axe-core's serious and critical violations on the page, as "<rule> at <elements>". */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string; nodes: Array<{ target: unknown }> };
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id} at ${violation.nodes.map((node) => String(node.target)).join(" | ")}`);
  });
}
