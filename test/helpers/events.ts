import { io, type Socket } from "socket.io-client";
import type { ApiClient } from "./api.js";

/** A socket.io client that authenticates with the user's session cookie, as the browser does. */
export async function connectEvents(
  client: ApiClient,
  transports: Array<"websocket" | "polling"> = ["websocket"],
): Promise<Socket> {
  const socket = io(client.baseUrl, {
    path: "/socket.io",
    transports,
    extraHeaders: client.cookie ? { cookie: client.cookie } : {},
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
  return socket;
}

export function emitWithAck(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  return socket.timeout(5_000).emitWithAck(event, payload);
}
