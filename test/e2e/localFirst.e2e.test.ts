import path from "node:path";
import { describe, expect, it } from "vitest";
import { connectionStatus, editorBody, polling, useCuttableBrowser } from "../helpers/cuttableBrowser.js";

const SHOTS = path.resolve(import.meta.dirname, "../../test-results/localFirst");

/**
 * Issue 15, defects 1 and 2 in Chromium: the document socket goes through a real TCP proxy that
 * the test cuts (closing the sockets, as a dropped network does; `setOffline` would leave an
 * open WebSocket open).
 */
// Each test cuts only its own document's socket, so the three run side by side.
describe.concurrent("e2e: typing is never silently lost", () => {
  const env = useCuttableBrowser();
  const { signedIn, storedText, openSaved } = env;
  const status = connectionStatus;

  async function team() {
    const { lead, editor, brief, rec, url } = await env.team();
    const approve = async () => {
      for (const to of ["in_review", "approved"]) {
        expect((await lead.post(`/api/briefs/${brief.id}/recommendations/${rec.id}/transitions`, { to })).status).toBe(
          200,
        );
      }
    };
    const threads = async () =>
      (await editor.get(`/api/briefs/${brief.id}/recommendations/${rec.id}/threads`)).body.threads;
    return { editor, rec, url, approve, threads };
  }

  it("keeps text typed offline on the device through a closed tab, warns before the close, and sends it when the connection returns", async ({
    expect,
  }) => {
    const poll = polling(expect);
    const { editor, rec, url } = await team();
    const context = await signedIn(editor);
    const page = await openSaved(expect, context, url, "Stored first.");
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("offline");
    const offline = " Typed offline.";
    await page.keyboard.type(offline);
    // One change per keystroke: each is one edit of the document.
    await poll(() => status(page).textContent()).toBe(`Offline — ${offline.length} changes kept on this device`);
    await page.screenshot({ path: path.join(SHOTS, "offline.png") });

    // A real close that runs beforeunload: the browser asks first.
    const dialog = new Promise<string>((resolve) =>
      page.once("dialog", (shown) => void shown.accept().then(() => resolve(shown.type()))),
    );
    await page.close({ runBeforeUnload: true });
    expect(await dialog).toBe("beforeunload");
    await poll(async () => page.isClosed()).toBe(true);
    expect(await storedText(rec.id)).toBe("<paragraph>Stored first.</paragraph>");

    const reopened = await context.newPage();
    await reopened.goto(url);
    await poll(() => editorBody(reopened).textContent()).toBe(`Stored first.${offline}`);
    await poll(() => status(reopened).textContent()).toBe(`Offline — ${offline.length} changes kept on this device`);

    env.proxy().restore(rec.id);
    await poll(() => reopened.getByTestId("save-status").textContent()).toBe("Saved");
    expect(await status(reopened).textContent()).toBe("Connected");
    expect(await storedText(rec.id)).toBe(`<paragraph>Stored first.${offline}</paragraph>`);
    await reopened.close();
  });

  it("tells an editor whose words reached the server after the lead approved why they were refused, and attaches them as a comment", async ({
    expect,
  }) => {
    const poll = polling(expect);
    const { editor, rec, url, approve, threads } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "RACE-2 R");
    // The words go out just as the approval lands: held back by a brief outage here, so that
    // they reach the server after it, as a slow network would deliver them.
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("reconnecting");
    await page.keyboard.type("A and more");
    await approve();
    env.proxy().restore(rec.id);

    const notice = page.getByTestId("refused-edit");
    await poll(() => notice.getByRole("heading").textContent()).toBe("Your last changes were not saved");
    await poll(() => page.getByTestId("refused-edit-reason").textContent()).toBe(
      "This recommendation was approved, so its text is locked until a lead reopens it.",
    );
    expect(await page.getByTestId("refused-edit-words").textContent()).toBe("A and more");
    // The device's copy is dropped: the editor shows what the server kept.
    await poll(() => editorBody(page).textContent()).toBe("RACE-2 R");
    await page.screenshot({ path: path.join(SHOTS, "refused.png") });

    await notice.getByRole("button", { name: "Attach as a comment" }).click();
    await poll(() => page.getByTestId("refused-edit-attach-state").textContent()).toBe(
      "They are attached as a comment on this recommendation.",
    );
    const [thread] = await threads();
    // Anchored to the stored words they followed.
    expect(thread.quote).toBe("RACE-2 R");
    expect(thread.comments[0].body).toBe(
      "Not saved in the text (This recommendation was approved, so its text is locked until a lead reopens it). The words were:\n\nA and more",
    );
    expect(await storedText(rec.id)).toBe("<paragraph>RACE-2 R</paragraph>");
  });

  it("turns offline changes to a recommendation approved meanwhile into a comment on reconnect, and says so", async ({
    expect,
  }) => {
    const poll = polling(expect);
    const { editor, rec, url, approve, threads } = await team();
    const page = await openSaved(expect, await signedIn(editor), url, "Kept.");
    env.proxy().cut(rec.id);
    await poll(() => status(page).getAttribute("data-state")).toBe("offline");
    await page.keyboard.type(" Written offline.");
    await approve();
    env.proxy().restore(rec.id);

    await poll(() => page.getByTestId("refused-edit").getByRole("heading").textContent()).toBe(
      "Your offline changes were not saved",
    );
    await poll(() => page.getByTestId("refused-edit-attach-state").textContent()).toBe(
      "They are attached as a comment on this recommendation.",
    );
    await page.screenshot({ path: path.join(SHOTS, "offline-refused.png") });
    const [thread] = await threads();
    expect(thread.quote).toBe("Kept.");
    expect(thread.comments[0].body).toBe(
      "Not saved in the text (This recommendation was approved, so its text is locked until a lead reopens it). The words were:\n\n Written offline.",
    );
    await poll(() => editorBody(page).textContent()).toBe("Kept.");
    expect(await storedText(rec.id)).toBe("<paragraph>Kept.</paragraph>");
  });
});
