import {
  ServerEvent,
  citationEventSchema,
  sourceEventSchema,
  type CitationEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SourceEvent,
} from "@accord/protocol";
import type { Socket } from "socket.io-client";

export interface BibliographyEventHandlers {
  /** A citation of the brief was created, or its chosen sources or locator changed: refetch `/citations`. */
  onCitation: (event: CitationEvent) => void;
  /** The brief's bibliography sources were added, edited or deleted: refetch `/sources`. */
  onSource: (event: SourceEvent) => void;
}

/**
 * The bibliography's two notifications on the brief's socket, validated like the others and
 * passed on only when they are about this brief. `handlers` is read at each event, so the
 * caller may hand in the latest handlers without listening again.
 */
export function listenForBibliographyEvents(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  briefId: string,
  handlers: () => BibliographyEventHandlers,
): void {
  socket.on(ServerEvent.CitationUpdated, (payload: unknown) => {
    const parsed = citationEventSchema.safeParse(payload);
    if (parsed.success && parsed.data.briefId === briefId) handlers().onCitation(parsed.data);
  });
  socket.on(ServerEvent.SourceUpdated, (payload: unknown) => {
    const parsed = sourceEventSchema.safeParse(payload);
    if (parsed.success && parsed.data.briefId === briefId) handlers().onSource(parsed.data);
  });
}
