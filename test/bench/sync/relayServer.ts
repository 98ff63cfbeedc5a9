import http from "node:http";
import type { AddressInfo } from "node:net";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocketServer, type WebSocket } from "ws";
import { messageYjsSyncStep1, messageYjsSyncStep2 } from "y-protocols/sync";

/**
 * The floor of the edit loads: a relay that does no work a real server must do. It speaks just
 * enough of the y-websocket protocol for the bench's clients (a client's sync step 1 is answered
 * with an empty sync step 2) and sends every update frame, as received, to the document's other
 * connections. No Yjs document, no check, no store, no awareness: whatever latency it shows in
 * a load is the machine's and the load processes', which no server can go below here.
 *
 * Run as its own process; prints one JSON "listening" line the bench reads.
 */

/** y-websocket's message type for sync messages (awareness and the rest are ignored). */
const SYNC = 0;

const EMPTY_SYNC_STEP_2 = encoding.encode((e) => {
  encoding.writeVarUint(e, SYNC);
  encoding.writeVarUint(e, messageYjsSyncStep2);
  // Y.encodeStateAsUpdate of an empty document: no structs, no deletions.
  encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
});

const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server });

wss.on("connection", (ws: WebSocket, req: http.IncomingMessage) => {
  const name = req.url ?? "/";
  let room = rooms.get(name);
  if (!room) {
    room = new Set();
    rooms.set(name, room);
  }
  room.add(ws);
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== SYNC) return;
    if (decoding.readVarUint(decoder) === messageYjsSyncStep1) {
      ws.send(EMPTY_SYNC_STEP_2);
      return;
    }
    for (const other of room) if (other !== ws) other.send(data);
  });
  ws.on("close", () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(name);
  });
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: "listening", port, url: `http://127.0.0.1:${port}`, pid: process.pid }));
});
