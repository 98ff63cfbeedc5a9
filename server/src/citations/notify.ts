import type { CitationEvent, SourceEvent } from "@accord/protocol";
import type { Notifier } from "../commands/context.js";

/** The notifications of citations and bibliography sources, to the brief's room (EventHub). */
export function notifyCitation(notify: Notifier, event: CitationEvent): void {
  notify.citation(event);
}

export function notifySource(notify: Notifier, event: SourceEvent): void {
  notify.source(event);
}
