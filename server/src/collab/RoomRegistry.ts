import { assertNever } from "./assertNever.js";
import type { Room } from "./Room.js";

/**
 * A document's place in memory. `refs` counts connections plus upgrades that are past
 * authorization but not yet connected, so a room cannot unload under a client that is
 * about to attach (SPEC R2).
 */
type RoomSlot =
  | { kind: "loading"; refs: number; loaded: Promise<Room> }
  | { kind: "open"; refs: number; room: Room }
  /** Nobody holds it any more; it unloads once its last write is stored, unless someone comes back first. */
  | { kind: "draining"; room: Room };

/** The open rooms and their lifecycle (SPEC R1–R4). */
export class RoomRegistry {
  private readonly slots = new Map<string, RoomSlot>();

  constructor(
    private readonly loadRoom: (docName: string) => Promise<Room>,
    /** After a room unloaded because everyone left (not at shutdown). */
    private readonly unloaded: (docName: string) => void = () => {},
  ) {}

  /**
   * Holds the document's room until `release`, loading it first if needed. Concurrent
   * calls share one load (R1). A failed load leaves nothing behind, so the next call
   * tries again (R4).
   */
  acquire(docName: string): Promise<Room> {
    const slot = this.slots.get(docName);
    if (slot === undefined) return this.load(docName);
    switch (slot.kind) {
      case "loading":
        slot.refs++;
        return slot.loaded;
      case "open":
        slot.refs++;
        return Promise.resolve(slot.room);
      case "draining":
        // Back before the unload happened: the same room, with its document, carries on.
        this.slots.set(docName, { kind: "open", refs: 1, room: slot.room });
        return Promise.resolve(slot.room);
      default:
        return assertNever(slot);
    }
  }

  release(docName: string, room: Room): void {
    const slot = this.slots.get(docName);
    // Not ours any more: everything was unloaded at shutdown.
    if (slot === undefined || slot.kind !== "open" || slot.room !== room) return;
    slot.refs--;
    if (slot.refs > 0) return;
    const draining: RoomSlot = { kind: "draining", room };
    this.slots.set(docName, draining);
    // A room never unloads before its last write is stored; with a failing store that is
    // "not yet", and it stays in memory retrying (SPEC D3).
    void room.flush().then(() => {
      if (this.slots.get(docName) !== draining) return; // acquired again, or shut down
      this.slots.delete(docName);
      room.destroy();
      this.unloaded(docName);
    });
  }

  /** The room of a document if it is in memory and loaded. */
  find(docName: string): Room | null {
    const slot = this.slots.get(docName);
    if (slot === undefined || slot.kind === "loading") return null;
    return slot.room;
  }

  loadedRooms(): Room[] {
    const rooms: Room[] = [];
    for (const slot of this.slots.values()) if (slot.kind !== "loading") rooms.push(slot.room);
    return rooms;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Shutdown: destroys every room, including those still loading. The caller flushed first. */
  async unloadAll(): Promise<void> {
    const slots = [...this.slots.values()];
    this.slots.clear();
    for (const slot of slots) {
      const room = slot.kind === "loading" ? await slot.loaded.catch(() => null) : slot.room;
      room?.destroy();
    }
  }

  private load(docName: string): Promise<Room> {
    const loaded: Promise<Room> = this.loadRoom(docName).then(
      (room) => {
        const slot = this.slots.get(docName);
        if (slot?.kind === "loading" && slot.loaded === loaded) {
          this.slots.set(docName, { kind: "open", refs: slot.refs, room });
        }
        return room;
      },
      (error: unknown) => {
        const slot = this.slots.get(docName);
        if (slot?.kind === "loading" && slot.loaded === loaded) this.slots.delete(docName);
        throw error;
      },
    );
    this.slots.set(docName, { kind: "loading", refs: 1, loaded });
    return loaded;
  }
}
