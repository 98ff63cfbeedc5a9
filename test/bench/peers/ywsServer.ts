import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

/**
 * The y-websocket 1.5.4 reference server with LevelDB persistence, as its own bin/server.js
 * runs it, but on 127.0.0.1 and an ephemeral port, printing one JSON "listening" line the
 * bench reads. Run with YPERSISTENCE=<dir> (read by bin/utils at load time).
 *
 * The peers are loaded through require from this folder's own node_modules (not a workspace):
 * a computed specifier keeps the root typecheck from looking for them, since CI never installs them.
 */
const require = createRequire(import.meta.url);
const load = (name: string): any => require(name);

if (!process.env.YPERSISTENCE) throw new Error("YPERSISTENCE must name a LevelDB directory");
const { setupWSConnection } = load("y-websocket/bin/utils");
const { WebSocketServer } = load("ws");

const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("okay");
});
const wss = new WebSocketServer({ noServer: true });
wss.on("connection", (conn: unknown, req: http.IncomingMessage) => setupWSConnection(conn, req));
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws: unknown) => wss.emit("connection", ws, req));
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: "listening", port, url: `http://127.0.0.1:${port}`, pid: process.pid }));
});
