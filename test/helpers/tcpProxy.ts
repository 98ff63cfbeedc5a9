import net from "node:net";

/**
 * A real TCP proxy in front of the test server, whose document sockets a test can cut and bring
 * back. Playwright's `setOffline` does not close a WebSocket that is already open; closing its
 * TCP connection does, as a dropped network would.
 *
 * Only connections whose first request is a document-socket upgrade (`GET /collab/…`) are cut:
 * the app has no service worker, so a tab reopened "offline" could not even load its page
 * otherwise, and it is the document socket that an outage takes from the editor. Everything
 * else (pages, REST, socket.io) passes through untouched.
 */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: the origin the browser uses (give it to the server as its public URL). */
  url: string;
  port: number;
  /** Where connections go; set once the server listens. */
  setTarget(port: number): void;
  /**
   * Destroys the open document sockets of `recommendationId` (of every document when absent)
   * and refuses new ones until `restore` with the same argument. One document at a time lets
   * tests that each cut their own run side by side.
   */
  cut(recommendationId?: string): void;
  restore(recommendationId?: string): void;
  /** Document sockets open through the proxy now. */
  openDocumentSockets(): number;
  close(): Promise<void>;
}

/** The request line is in the first few hundred bytes; more than this without one is not HTTP. */
const MAX_REQUEST_LINE_BYTES = 8 * 1024;

export async function startTcpProxy(): Promise<TcpProxy> {
  let targetPort: number | null = null;
  // Cut paths ("/collab/" for every document).
  const cutPaths = new Set<string>();
  const pathOf = (recommendationId?: string) =>
    recommendationId === undefined ? "/collab/" : `/collab/${encodeURIComponent(recommendationId)}`;
  const isCut = (target: string) => [...cutPaths].some((cut) => target.startsWith(cut));
  const documentSockets = new Set<{ client: net.Socket; upstream: net.Socket; target: string }>();
  const all = new Set<net.Socket>();

  const server = net.createServer((client) => {
    all.add(client);
    client.on("close", () => all.delete(client));
    client.on("error", () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const lineEnd = head.indexOf("\r\n");
      if (lineEnd < 0) {
        if (head.length > MAX_REQUEST_LINE_BYTES) client.destroy();
        return;
      }
      client.off("data", onData);
      client.pause();
      // "GET /collab/<id> HTTP/1.1": the request target is the second word.
      const target = head.subarray(0, lineEnd).toString("latin1").split(" ")[1] ?? "";
      const isDocument = target.startsWith("/collab/");
      if ((isDocument && isCut(target)) || targetPort === null) {
        client.destroy();
        return;
      }
      const upstream = net.connect(targetPort, "127.0.0.1");
      all.add(upstream);
      upstream.on("close", () => all.delete(upstream));
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      client.on("close", () => upstream.destroy());
      if (isDocument) {
        const pair = { client, upstream, target };
        documentSockets.add(pair);
        client.on("close", () => documentSockets.delete(pair));
      }
      upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setTarget(next) {
      targetPort = next;
    },
    cut(recommendationId) {
      cutPaths.add(pathOf(recommendationId));
      for (const { client, upstream, target } of documentSockets) {
        if (!isCut(target)) continue;
        client.destroy();
        upstream.destroy();
      }
    },
    restore(recommendationId) {
      cutPaths.delete(pathOf(recommendationId));
    },
    openDocumentSockets: () => documentSockets.size,
    async close() {
      for (const socket of all) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
