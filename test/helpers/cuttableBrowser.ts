import { BODY_FRAGMENT } from "@accord/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, type ExpectStatic } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "./api.js";
import { launchChromium } from "./browser.js";
import { startServer, type TestServer } from "./startServer.js";
import { startTcpProxy, type TcpProxy } from "./tcpProxy.js";

/** How long any one thing a person waits for (a page, the server's acknowledgement) may take. */
export const WAIT_MS = 15_000;

export const connectionStatus = (page: Page) => page.getByTestId("connection-status");
export const editorBody = (page: Page) => page.getByTestId("editor").locator(".ProseMirror");
/** A poll with the test's own expect, so that concurrent tests each report their own failure. */
export const polling =
  (own: ExpectStatic) =>
  <T>(read: () => Promise<T>) =>
    own.poll(read, { timeout: WAIT_MS });

/**
 * A real server reached through a real TCP proxy that a test can cut (closing the sockets, as a
 * dropped network does; `setOffline` would leave an open WebSocket open), and Chromium with
 * signed-in contexts on the proxy's origin. Started before the suite's tests, closed after.
 */
export function useCuttableBrowser() {
  let proxy: TcpProxy | undefined;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    proxy = await startTcpProxy();
    // The browser's origin is the proxy's: the server checks socket upgrades against it.
    server = await startServer({ publicUrl: proxy.url, publicUrlFromPort: false });
    proxy.setTarget(server.port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error("useCuttableBrowser: not started yet (use it inside a test)");
    return part;
  };

  return {
    proxy: () => started(proxy),
    server: () => started(server),

    /** A lead and an editor of one brief, and a recommendation the editor drafts. */
    async team() {
      const base = started(proxy).url;
      const lead = await buildUser(base, "Lena Lead");
      const editor = await buildUser(base, "Ed Editor");
      const brief = await buildBrief(lead);
      await addMember(lead, editor, brief.id, "editor");
      const sector = await buildSector(lead, brief.id);
      const rec = await buildRecommendation(editor, brief.id, sector.id);
      const url = `${base}/briefs/${brief.id}/recommendations/${rec.id}`;
      return { lead, editor, brief, rec, url, userId: editor.user!.id as string };
    },

    /** A browser context signed in as the client's user, on the proxy's origin. */
    async signedIn(client: ApiClient): Promise<BrowserContext> {
      const context = await started(browser).newContext({ viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      context.setDefaultTimeout(WAIT_MS);
      const [name, value] = (client.cookie ?? "").split("=");
      await context.addCookies([{ name: name!, value: value!, url: started(proxy).url }]);
      return context;
    },

    /** The recommendation's body as the server stores it, as XML. */
    async storedText(id: string): Promise<string> {
      const doc = await started(server).server.collab.readDocument(id);
      try {
        return doc.getXmlFragment(BODY_FRAGMENT).toString();
      } finally {
        doc.destroy();
      }
    },

    /** A page of the recommendation, with `text` typed and acknowledged as stored ("Saved"). */
    async openSaved(own: ExpectStatic, context: BrowserContext, url: string, text: string): Promise<Page> {
      const poll = polling(own);
      const page = await context.newPage();
      await page.goto(url);
      await poll(() => page.getByTestId("save-status").textContent()).toBe("Saved");
      await editorBody(page).click();
      await page.keyboard.type(text);
      await poll(() => page.getByTestId("save-status").textContent()).toBe("Saved");
      return page;
    },
  };
}
