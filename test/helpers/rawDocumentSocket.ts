import { WebSocket } from "ws";

/** A plain ws client of the document socket, for tests that send frames by hand and read the close. */
export interface RawDocumentSocket {
  socket: WebSocket;
  /** Resolves with the close code and reason, whoever closed it. */
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * Opens `/collab/<recommendationId>` with the client's session cookie and resolves once open;
 * `onCleanup` receives the teardown (the caller runs it after the test).
 */
export async function openRawDocumentSocket(
  collabBaseUrl: string,
  recommendationId: string,
  cookie: string | null | undefined,
  onCleanup: (cleanup: () => void) => void,
): Promise<RawDocumentSocket> {
  const socket = new WebSocket(`${collabBaseUrl}/${recommendationId}`, { headers: { cookie: cookie ?? "" } });
  onCleanup(() => socket.terminate());
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return { socket, closed };
}
