/** socket.io room names: built and parsed only here. */
export type Room =
  | { kind: "brief"; briefId: string }
  | { kind: "recommendation"; recommendationId: string }
  /** Every socket of one user, joined on connection: for notifications meant for that person only. */
  | { kind: "user"; userId: string };

export function formatRoomName(room: Room): string {
  switch (room.kind) {
    case "brief":
      return `brief:${room.briefId}`;
    case "recommendation":
      return `recommendation:${room.recommendationId}`;
    case "user":
      return `user:${room.userId}`;
    default: {
      const exhaustive: never = room;
      throw new Error(`unknown room ${JSON.stringify(exhaustive)}`);
    }
  }
}

export function parseRoomName(name: string): Room | null {
  const [kind, id, ...rest] = name.split(":");
  if (!id || rest.length > 0) return null;
  if (kind === "brief") return { kind, briefId: id };
  if (kind === "recommendation") return { kind, recommendationId: id };
  if (kind === "user") return { kind, userId: id };
  return null;
}
